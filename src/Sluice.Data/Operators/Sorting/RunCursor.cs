using Sluice.Data.Batches;
using Sluice.Data.Execution.Spill;

namespace Sluice.Data.Operators.Sorting;

/// <summary>
/// The current row of a sorted run during the merge. A run is either spilled (batches <c>[from, to)</c> of a spool,
/// each sorted, read one at a time) or held in memory (its input batches plus their sorted order).
/// </summary>
internal sealed class RunCursor : IDisposable
{
    private readonly BatchSpool? _spool;
    private readonly int _end;
    private readonly IReadOnlyList<RecordBatch>? _batches;
    private readonly long[]? _order;
    private int _next;
    private bool _ownsBatch;

    private RunCursor(BatchSpool spool, int from, int to)
    {
        _spool = spool;
        _next = from;
        _end = to;
    }

    private RunCursor(IReadOnlyList<RecordBatch> batches, long[] order)
    {
        _batches = batches;
        _order = order;
        _end = order.Length;
    }

    /// <summary>The batch of the current row.</summary>
    public RecordBatch Batch { get; private set; } = null!;

    /// <summary>The current row in <see cref="Batch"/>.</summary>
    public int Row { get; private set; }

    /// <summary>A cursor over spooled sorted batches <paramref name="from"/>..<paramref name="to"/>; positioned on its first row unless empty.</summary>
    public static RunCursor Spilled(BatchSpool spool, int from, int to) => new(spool, from, to);

    /// <summary>A cursor over batches held in memory in the given order (the batches stay owned by the caller).</summary>
    public static RunCursor InMemory(IReadOnlyList<RecordBatch> batches, long[] order) => new(batches, order);

    /// <summary>
    /// Moves to the next row. A spilled batch left behind goes to <paramref name="retired"/>: rows already picked from
    /// it are copied out before it may be released.
    /// </summary>
    /// <returns>False at the end of the run.</returns>
    public bool MoveNext(List<RecordBatch> retired)
    {
        if (_order is not null)
        {
            if (_next >= _end)
            {
                return false;
            }

            var packed = _order[_next++];
            Batch = _batches![(int)(packed >> 32)];
            Row = (int)packed;
            return true;
        }

        if (_ownsBatch && Row + 1 < Batch.RowCount)
        {
            Row++;
            return true;
        }

        if (_ownsBatch)
        {
            retired.Add(Batch);
            _ownsBatch = false;
        }

        while (_next < _end)
        {
            var b = _spool!.Take(_next++);
            if (b.RowCount > 0)
            {
                Batch = b;
                Row = 0;
                _ownsBatch = true;
                return true;
            }

            b.Dispose();
        }

        return false;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsBatch)
        {
            Batch.Dispose();
            _ownsBatch = false;
        }
    }
}
