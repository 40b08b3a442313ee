using Sluice.Data.Batches;

namespace Sluice.Data.Execution;

/// <summary>Something that produces a stream of record batches of a known schema (a file, a table, an operator chain).</summary>
public interface IBatchSource
{
    /// <summary>The schema of every batch.</summary>
    Schema Schema { get; }

    /// <summary>
    /// Streams the batches in order. When <paramref name="transform"/> is given, the source applies it to each batch,
    /// on its worker threads if it has any (that is how the planner fuses stateless operators into a parallel scan).
    /// The caller owns and must dispose each batch.
    /// </summary>
    IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, CancellationToken cancellationToken = default);
}
