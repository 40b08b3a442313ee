using Sluice.Data.Execution;

namespace Sluice.Data.Operators;

/// <summary>
/// For dedupe keeping the last row: the (batch, row) of the last occurrence of every key id, 8 bytes per distinct
/// key (reserved from the budget; it cannot spill), and the reservations of key ids kept for buffered batches.
/// </summary>
internal sealed class LastRows(MemoryBudget budget) : IDisposable
{
    private int[] _batch = [];
    private int[] _row = [];
    private long _reserved;
    private long _held;

    /// <summary>Notes that row r of batch <paramref name="batchIndex"/> is the latest occurrence of key ids[r].</summary>
    public void Record(int batchIndex, int[] ids, int keyCount)
    {
        if (keyCount > _batch.Length)
        {
            var size = Math.Max(keyCount, Math.Max(1024, _batch.Length * 2));
            Array.Resize(ref _batch, size);
            Array.Resize(ref _row, size);
            var bytes = size * 8L;
            budget.Reserve(bytes - _reserved);
            _reserved = bytes;
        }

        for (var r = 0; r < ids.Length; r++)
        {
            _batch[ids[r]] = batchIndex;
            _row[ids[r]] = r;
        }
    }

    /// <summary>Reserves room to keep the key ids of a buffered batch; false when they should be dropped and recomputed.</summary>
    public bool TryHold(int rows)
    {
        if (!budget.TryReserve(rows * 4L))
        {
            return false;
        }

        _held += rows * 4L;
        return true;
    }

    /// <summary>Releases the ids of one batch.</summary>
    public void Unhold(int rows)
    {
        budget.Release(rows * 4L);
        _held -= rows * 4L;
    }

    /// <summary>Writes the rows of batch <paramref name="batchIndex"/> that are last occurrences into <paramref name="rows"/>.</summary>
    /// <returns>How many.</returns>
    public int Select(int batchIndex, int[] ids, int[] rows)
    {
        var kept = 0;
        for (var r = 0; r < ids.Length; r++)
        {
            var id = ids[r];
            if (_batch[id] == batchIndex && _row[id] == r)
            {
                rows[kept++] = r;
            }
        }

        return kept;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        budget.Release(_reserved + _held);
        _reserved = 0;
        _held = 0;
    }
}
