using Sluice.Data.Batches;

namespace Sluice.Data.Operators;

/// <summary>A <see cref="StreamOperator"/> bound to an input schema.</summary>
public interface IBoundStreamOperator
{
    /// <summary>The schema of the batches it yields.</summary>
    Schema OutputSchema { get; }

    /// <summary>Consumes <paramref name="input"/> (disposing its batches) and yields output batches the caller must dispose.</summary>
    IAsyncEnumerable<RecordBatch> ExecuteAsync(IAsyncEnumerable<RecordBatch> input, CancellationToken cancellationToken = default);
}
