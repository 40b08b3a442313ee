using Sluice.Data.Batches;

namespace Sluice.Data.Operators;

/// <summary>Counts the rows that pass a point of a flow (thread-safe); insert it with <see cref="Operator"/>.</summary>
public sealed class RowCounter
{
    private long _rows;

    /// <summary>The rows counted so far.</summary>
    public long Rows => Interlocked.Read(ref _rows);

    /// <summary>A pass-through operator that counts into this counter.</summary>
    public BatchOperator Operator => new CountingOperator(this);

    private sealed class CountingOperator(RowCounter counter) : BatchOperator
    {
        public override IBoundBatchOperator Bind(Schema input) => new Bound(input, counter);
    }

    private sealed class Bound(Schema schema, RowCounter counter) : IBoundBatchOperator
    {
        public Schema OutputSchema => schema;

        public RecordBatch Apply(RecordBatch input)
        {
            Interlocked.Add(ref counter._rows, input.RowCount);
            return input;
        }
    }
}
