using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.ColumnExpressions.Kernels;

/// <summary>
/// An operand seen as int64 values (Int64, Decimal rescaled, Timestamp, Date, Bool): either a scalar or an array,
/// plus its validity. Dispose releases what evaluation created.
/// </summary>
internal readonly struct LongArg : IDisposable
{
    private readonly Column? _column;
    private readonly bool _owned;

    private LongArg(long[]? array, long scalar, bool scalarNull, Column? column, bool owned)
    {
        Array = array;
        Scalar = scalar;
        ScalarNull = scalarNull;
        _column = column;
        _owned = owned;
    }

    public long[]? Array { get; }

    public long Scalar { get; }

    public bool ScalarNull { get; }

    public ValidityMask? Validity => _column?.Validity;

    /// <summary>Evaluates <paramref name="node"/> and multiplies by <paramref name="multiplier"/> (decimal rescaling).</summary>
    public static LongArg Of(Node node, RecordBatch batch, long multiplier = 1)
    {
        if (node is LiteralNode lit)
        {
            return new LongArg(null, checked(lit.Int * multiplier), lit.IsNull, null, false);
        }

        var col = node.Eval(batch);
        var n = col.Length;
        if (col is PrimitiveColumn<long> longs && multiplier == 1)
        {
            return new LongArg(longs.Buffer, 0, false, col, false);
        }

        var result = Buffers.Rent<long>(n);
        switch (col)
        {
            case PrimitiveColumn<long> l:
                var src = l.Values;
                for (var i = 0; i < n; i++)
                {
                    result[i] = checked(src[i] * multiplier);
                }

                break;
            case PrimitiveColumn<int> d:
                var days = d.Values;
                for (var i = 0; i < n; i++)
                {
                    result[i] = days[i] * multiplier;
                }

                break;
            case PrimitiveColumn<bool> b:
                var bools = b.Values;
                for (var i = 0; i < n; i++)
                {
                    result[i] = bools[i] ? multiplier : 0;
                }

                break;
            default:
                col.Dispose();
                throw new DataException($"Expected a numeric or temporal operand, got {col.Type}.");
        }

        return new LongArg(result, 0, false, col, true);
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
