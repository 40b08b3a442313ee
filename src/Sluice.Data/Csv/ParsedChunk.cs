using Sluice.Data.Batches;
using Sluice.Data.Quarantine;

namespace Sluice.Data.Csv;

/// <summary>The result of parsing one chunk: the good rows, the rejected records, and how many records there were.</summary>
internal sealed record ParsedChunk(RecordBatch Batch, List<QuarantineRecord>? Rejects, int Records);
