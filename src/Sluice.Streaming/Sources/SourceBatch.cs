using Sluice.Data.Batches;

namespace Sluice.Streaming.Sources;

/// <summary>Events read from one partition of a source, in the partition's order.</summary>
/// <param name="Partition">The partition.</param>
/// <param name="Batch">The events (the caller owns and disposes it); may have no rows.</param>
/// <param name="Rejected">Records in this stretch of input that could not be parsed (counted, not in <paramref name="Batch"/>).</param>
public sealed record SourceBatch(string Partition, RecordBatch Batch, int Rejected);
