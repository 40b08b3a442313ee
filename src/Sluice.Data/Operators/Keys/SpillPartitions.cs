using Sluice.Data.Batches;
using Sluice.Data.Execution;
using Sluice.Data.Execution.Spill;

namespace Sluice.Data.Operators.Keys;

/// <summary>
/// The spill side of a partitioned operator: one <see cref="BatchSpool"/> per key-hash partition of
/// <see cref="KeyPartitioner"/>, each with its own spill file (deleted when the spool is disposed). Not thread-safe.
/// </summary>
internal sealed class SpillPartitions(KeyPartitioner partitioner, Schema schema, MemoryBudget budget) : IDisposable
{
    private readonly BatchSpool?[] _spools = new BatchSpool?[KeyPartitioner.Fanout];

    /// <summary>Adds <paramref name="rows"/> of <paramref name="batch"/> (all rows when null) to their partitions; the caller keeps the batch.</summary>
    public void Add(RecordBatch batch, int[]? rows = null)
    {
        if ((rows?.Length ?? batch.RowCount) > 0)
        {
            var parts = partitioner.Split(batch, rows);
            for (var p = 0; p < parts.Length; p++)
            {
                if (parts[p] is { } part)
                {
                    (_spools[p] ??= new BatchSpool(schema, budget)).Add(part);
                }
            }
        }
    }

    /// <summary>Hands over partition <paramref name="index"/> (null when it got no rows); the caller disposes it.</summary>
    public BatchSpool? Take(int index)
    {
        var spool = _spools[index];
        _spools[index] = null;
        return spool;
    }

    public void Dispose()
    {
        for (var p = 0; p < _spools.Length; p++)
        {
            _spools[p]?.Dispose();
            _spools[p] = null;
        }
    }
}
