using Sluice.Data.Batches;

namespace Sluice.Data.Operators;

/// <summary>A <see cref="BatchOperator"/> bound to an input schema.</summary>
public interface IBoundBatchOperator
{
    /// <summary>The schema of the batches it returns.</summary>
    Schema OutputSchema { get; }

    /// <summary>Maps one batch. Takes ownership of <paramref name="input"/> (disposes it) and returns a new batch.</summary>
    RecordBatch Apply(RecordBatch input);
}
