using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Operators;

namespace Sluice.DataActions.Transform;

/// <summary>A pass-through operator counting the true values of a bool column (outliers flagged by a step).</summary>
public sealed class TrueCounter(string column) : BatchOperator
{
    private long _count;

    /// <summary>True values seen so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <inheritdoc />
    public override IBoundBatchOperator Bind(Schema input) => new Bound(this, input, input.Require(column));

    private sealed class Bound(TrueCounter owner, Schema schema, int index) : IBoundBatchOperator
    {
        public Schema OutputSchema => schema;

        public RecordBatch Apply(RecordBatch input)
        {
            var col = (PrimitiveColumn<bool>)input.Column(index);
            var values = col.Values;
            long n = 0;
            for (var r = 0; r < values.Length; r++)
            {
                if (values[r] && !col.IsNull(r))
                {
                    n++;
                }
            }

            Interlocked.Add(ref owner._count, n);
            return RowTally.PassOn(input);
        }
    }
}
