using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.ColumnExpressions.Kernels;

/// <summary>
/// SQL three-valued and/or: false and null = false, true or null = true, otherwise null taints the result.
/// </summary>
internal sealed class LogicalNode(bool isAnd, Node left, Node right) : Node(DataType.Bool)
{
    public override Column Eval(RecordBatch batch)
    {
        var n = batch.RowCount;
        using var l = (PrimitiveColumn<bool>)left.Eval(batch);
        using var r = (PrimitiveColumn<bool>)right.Eval(batch);
        var result = Buffers.Rent<bool>(n);
        var a = l.Values;
        var b = r.Values;
        if (l.Validity is null && r.Validity is null)
        {
            for (var i = 0; i < n; i++)
            {
                result[i] = isAnd ? a[i] & b[i] : a[i] | b[i];
            }

            return new PrimitiveColumn<bool>(DataType.Bool, result, n, null);
        }

        ValidityMask? validity = null;
        for (var i = 0; i < n; i++)
        {
            var av = !l.IsNull(i);
            var bv = !r.IsNull(i);
            bool value;
            bool known;
            if (isAnd)
            {
                // Known false if either side is a known false; known true only if both are known true.
                known = (av && !a[i]) || (bv && !b[i]) || (av && bv);
                value = known && av && bv && a[i] && b[i];
            }
            else
            {
                known = (av && a[i]) || (bv && b[i]) || (av && bv);
                value = (av && a[i]) || (bv && b[i]);
            }

            result[i] = value;
            if (!known)
            {
                validity ??= ValidityMask.Create(n, true);
                validity.SetNull(i);
            }
        }

        return new PrimitiveColumn<bool>(DataType.Bool, result, n, validity);
    }
}

/// <summary>Logical not; null stays null.</summary>
internal sealed class NotNode(Node operand) : Node(DataType.Bool)
{
    public override Column Eval(RecordBatch batch)
    {
        using var c = (PrimitiveColumn<bool>)operand.Eval(batch);
        var n = c.Length;
        var result = Buffers.Rent<bool>(n);
        var src = c.Values;
        for (var i = 0; i < n; i++)
        {
            result[i] = !src[i] && !c.IsNull(i);
        }

        return new PrimitiveColumn<bool>(DataType.Bool, result, n, c.Validity?.Clone());
    }
}

/// <summary>Arithmetic negation.</summary>
internal sealed class NegateNode(Node operand) : Node(operand.Type)
{
    public override Column Eval(RecordBatch batch)
    {
        using var c = operand.Eval(batch);
        var n = c.Length;
        if (c is PrimitiveColumn<double> d)
        {
            var r = Buffers.Rent<double>(n);
            for (var i = 0; i < n; i++)
            {
                r[i] = -d.Values[i];
            }

            return new PrimitiveColumn<double>(Type, r, n, c.Validity?.Clone());
        }

        var l = (PrimitiveColumn<long>)c;
        var result = Buffers.Rent<long>(n);
        for (var i = 0; i < n; i++)
        {
            result[i] = checked(-l.Values[i]);
        }

        return new PrimitiveColumn<long>(Type, result, n, c.Validity?.Clone());
    }
}
