using Sluice.Data.Batches;
using Sluice.Data.Operators;

namespace Sluice.DataActions.Transform;

/// <summary>
/// A pass-through operator counting rows. Unlike returning the input itself, it hands on a shared copy of the batch
/// and releases the input, as a batch transform owns its input: a parallel stage after a stateful operator disposes the
/// input once the transform returns.
/// </summary>
public sealed class RowTally : BatchOperator
{
    private long _rows;

    /// <summary>Rows counted so far.</summary>
    public long Rows => Interlocked.Read(ref _rows);

    /// <inheritdoc />
    public override IBoundBatchOperator Bind(Schema input) => new Bound(this, input);

    /// <summary>Returns a new batch sharing <paramref name="input"/>'s columns and releases the input.</summary>
    internal static RecordBatch PassOn(RecordBatch input)
    {
        var shared = input.Share();
        input.Dispose();
        return shared;
    }

    private sealed class Bound(RowTally owner, Schema schema) : IBoundBatchOperator
    {
        public Schema OutputSchema => schema;

        public RecordBatch Apply(RecordBatch input)
        {
            Interlocked.Add(ref owner._rows, input.RowCount);
            return PassOn(input);
        }
    }
}
