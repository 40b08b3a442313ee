using Sluice.Data.Execution;

namespace Sluice.DataActions.IO;

/// <summary>A dataset opened for streaming, with the reader's counters.</summary>
/// <param name="Source">The batches.</param>
/// <param name="RecordsRead">Records read so far (quarantined ones included).</param>
/// <param name="RecordsQuarantined">Records quarantined so far by the reader.</param>
public sealed record OpenedDataset(IBatchSource Source, Func<long> RecordsRead, Func<long> RecordsQuarantined);
