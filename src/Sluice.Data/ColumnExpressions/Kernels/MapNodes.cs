using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.ColumnExpressions.Kernels;

/// <summary>A string → string function.</summary>
internal sealed class StringMapNode(Node arg, StringTransform transform) : Node(DataType.String)
{
    public override Column Eval(RecordBatch batch)
    {
        using var c = (Utf8Column)arg.Eval(batch);
        return StringMap.Map(c, transform);
    }
}

/// <summary>A string → fixed-width value function (null when the function says so).</summary>
internal sealed class StringToValueNode<T>(Node arg, DataType type, StringToValue<T> func) : Node(type)
    where T : unmanaged
{
    public override Column Eval(RecordBatch batch)
    {
        using var c = (Utf8Column)arg.Eval(batch);
        return StringMap.ToValues(c, Type, func);
    }
}

/// <summary>An element-wise int64 function (Int64, Decimal, Timestamp input); returning false gives null.</summary>
internal delegate bool LongFunc(long input, out long output);

/// <summary>An element-wise double function; returning false gives null.</summary>
internal delegate bool DoubleFunc(double input, out double output);

/// <summary>Applies a <see cref="LongFunc"/> to a long-backed column.</summary>
internal sealed class LongMapNode(Node arg, DataType type, LongFunc func) : Node(type)
{
    public override Column Eval(RecordBatch batch)
    {
        using var a = LongArg.Of(arg, batch);
        var n = batch.RowCount;
        var result = Buffers.Rent<long>(n);
        var validity = ResultValidity.Combine(n, a.Validity, a.ScalarNull, null, false);
        for (var i = 0; i < n; i++)
        {
            if (!func(LongKernel.At(a, i), out result[i]))
            {
                validity ??= ValidityMask.Create(n, true);
                validity.SetNull(i);
            }
        }

        return Type.Kind == TypeKind.Date ? ToDate(result, n, validity) : new PrimitiveColumn<long>(Type, result, n, validity);
    }

    private PrimitiveColumn<int> ToDate(long[] values, int n, ValidityMask? validity)
    {
        var days = Buffers.Rent<int>(n);
        for (var i = 0; i < n; i++)
        {
            days[i] = (int)values[i];
        }

        Buffers.Return(values);
        return new PrimitiveColumn<int>(Type, days, n, validity);
    }
}

/// <summary>Applies a <see cref="DoubleFunc"/> to a numeric column (converted to double).</summary>
internal sealed class DoubleMapNode(Node arg, DoubleFunc func) : Node(DataType.Float64)
{
    public override Column Eval(RecordBatch batch)
    {
        using var a = DoubleArg.Of(arg, batch);
        var n = batch.RowCount;
        var result = Buffers.Rent<double>(n);
        var validity = ResultValidity.Combine(n, a.Validity, a.ScalarNull, null, false);
        for (var i = 0; i < n; i++)
        {
            var x = a.Array is { } xa ? xa[i] : a.Scalar;
            if (!func(x, out result[i]))
            {
                validity ??= ValidityMask.Create(n, true);
                validity.SetNull(i);
            }
        }

        return new PrimitiveColumn<double>(DataType.Float64, result, n, validity);
    }
}

/// <summary>An element-wise function of two int64 operands; returning false gives null.</summary>
internal delegate bool LongBinaryFunc(long left, long right, out long output);

/// <summary>Applies a <see cref="LongBinaryFunc"/> to two long-backed operands (Int64, Date, Timestamp).</summary>
internal sealed class LongBinaryNode(Node left, Node right, DataType type, LongBinaryFunc func) : Node(type)
{
    public override Column Eval(RecordBatch batch)
    {
        using var a = LongArg.Of(left, batch);
        using var b = LongArg.Of(right, batch);
        var n = batch.RowCount;
        var result = Buffers.Rent<long>(n);
        var validity = ResultValidity.Combine(n, a.Validity, a.ScalarNull, b.Validity, b.ScalarNull);
        for (var i = 0; i < n; i++)
        {
            if ((validity is null || validity.IsValid(i)) && !func(LongKernel.At(a, i), LongKernel.At(b, i), out result[i]))
            {
                validity ??= ValidityMask.Create(n, true);
                validity.SetNull(i);
            }
        }

        if (Type.Kind != TypeKind.Date)
        {
            return new PrimitiveColumn<long>(Type, result, n, validity);
        }

        var days = Buffers.Rent<int>(n);
        for (var i = 0; i < n; i++)
        {
            days[i] = (int)result[i];
        }

        Buffers.Return(result);
        return new PrimitiveColumn<int>(Type, days, n, validity);
    }
}

/// <summary>Formats each value of a long-backed operand as text (null stays null).</summary>
internal sealed class LongToStringNode(Node arg, Func<long, string> format) : Node(DataType.String)
{
    public override Column Eval(RecordBatch batch)
    {
        using var a = LongArg.Of(arg, batch);
        var n = batch.RowCount;
        var b = new Utf8Builder(n, n * 16);
        for (var i = 0; i < n; i++)
        {
            if (a.ScalarNull || a.Validity?.IsValid(i) == false)
            {
                b.AppendNull();
            }
            else
            {
                b.Append(System.Text.Encoding.UTF8.GetBytes(format(LongKernel.At(a, i))));
            }
        }

        return b.Build();
    }
}
