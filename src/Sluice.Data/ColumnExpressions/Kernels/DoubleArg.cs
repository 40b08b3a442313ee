using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.ColumnExpressions.Kernels;

/// <summary>An operand seen as doubles (Float64, or Int64/Decimal converted): a scalar or an array, plus validity.</summary>
internal readonly struct DoubleArg : IDisposable
{
    private readonly Column? _column;
    private readonly bool _owned;

    private DoubleArg(double[]? array, double scalar, bool scalarNull, Column? column, bool owned)
    {
        Array = array;
        Scalar = scalar;
        ScalarNull = scalarNull;
        _column = column;
        _owned = owned;
    }

    public double[]? Array { get; }

    public double Scalar { get; }

    public bool ScalarNull { get; }

    public ValidityMask? Validity => _column?.Validity;

    public static DoubleArg Of(Node node, RecordBatch batch)
    {
        if (node is LiteralNode lit)
        {
            var v = lit.Type.Kind switch
            {
                TypeKind.Float64 => lit.Float,
                TypeKind.Decimal => (double)lit.Int / Pow10.Int64(lit.Type.Scale),
                _ => lit.Int,
            };
            return new DoubleArg(null, v, lit.IsNull, null, false);
        }

        var col = node.Eval(batch);
        if (col is PrimitiveColumn<double> d)
        {
            return new DoubleArg(d.Buffer, 0, false, col, false);
        }

        var n = col.Length;
        var result = Buffers.Rent<double>(n);
        if (col is PrimitiveColumn<long> l)
        {
            var src = l.Values;
            double div = col.Type.Kind == TypeKind.Decimal ? Pow10.Int64(col.Type.Scale) : 1;
            for (var i = 0; i < n; i++)
            {
                result[i] = src[i] / div;
            }
        }
        else if (col is PrimitiveColumn<int> days)
        {
            var src = days.Values;
            for (var i = 0; i < n; i++)
            {
                result[i] = src[i];
            }
        }
        else
        {
            col.Dispose();
            Buffers.Return(result);
            throw new DataException($"Expected a numeric operand, got {col.Type}.");
        }

        return new DoubleArg(result, 0, false, col, true);
    }

    public void Dispose()
    {
        if (_owned)
        {
            Buffers.Return(Array);
        }

        _column?.Dispose();
    }
}
