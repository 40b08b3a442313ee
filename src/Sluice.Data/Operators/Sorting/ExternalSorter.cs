using Sluice.Data.Batches;
using Sluice.Data.Execution;
using Sluice.Data.Execution.Spill;

namespace Sluice.Data.Operators.Sorting;

/// <summary>
/// An external merge sort. Input batches collect into a run while the budget grants their size; when it refuses,
/// the run is sorted and written to a spool as sorted batches, and a new run begins. If nothing spilled, the rows are
/// sorted in memory into one batch. Otherwise the spilled runs and the last run (sorted in memory) are merged k ways;
/// ties go to the earlier run, and each run is stably sorted, so equal keys keep input order.
/// </summary>
internal sealed class ExternalSorter : IDisposable
{
    /// <summary>Rows per batch of a spilled run and of the merged output.</summary>
    internal const int ChunkRows = 8192;

    private readonly Schema _schema;
    private readonly SortKeys _keys;
    private readonly MemoryBudget _budget;
    private readonly BatchSpool _spool;
    private readonly List<(int From, int To)> _runs = [];
    private readonly List<RecordBatch> _run = [];
    private long _runReserved;

    public ExternalSorter(Schema schema, SortKeys keys, MemoryBudget budget)
    {
        _schema = schema;
        _keys = keys;
        _budget = budget;
        _spool = new BatchSpool(schema, budget);
    }

    /// <summary>True when at least one run went to disk.</summary>
    public bool Spilled => _runs.Count > 0;

    /// <summary>The spool of sorted runs (for tests: its file).</summary>
    internal BatchSpool Spool => _spool;

    /// <summary>Adds an input batch (ownership passes).</summary>
    public void Add(RecordBatch batch)
    {
        var size = BatchSize.Of(batch);
        if (!_budget.TryReserve(size))
        {
            if (_run.Count > 0)
            {
                SpillRun();
            }

            if (!_budget.TryReserve(size))
            {
                // Alone beyond the budget: a run of its own, straight to disk.
                _run.Add(batch);
                SpillRun();
                return;
            }
        }

        _run.Add(batch);
        _runReserved += size;
    }

    /// <summary>All rows sorted in one batch (the path when nothing spilled). The caller owns it.</summary>
    public RecordBatch SortInMemory()
    {
        using var table = new Table(_schema, _run);
        _run.Clear();
        using var all = table.ToBatch();
        var order = _keys.Order([all]);
        var rows = new int[order.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = (int)order[i];
        }

        return all.Gather(rows);
    }

    /// <summary>Merges the runs into sorted batches of up to <see cref="ChunkRows"/> rows; the caller owns each.</summary>
    public IEnumerable<RecordBatch> Merge(CancellationToken cancellationToken)
    {
        var cursors = new List<RunCursor>(_runs.Count + 1);
        var retired = new List<RecordBatch>();
        var sources = new List<RecordBatch>();
        var slotOf = new Dictionary<RecordBatch, int>(ReferenceEqualityComparer.Instance);
        var slots = new int[ChunkRows];
        var rows = new int[ChunkRows];
        try
        {
            foreach (var (from, to) in _runs)
            {
                cursors.Add(RunCursor.Spilled(_spool, from, to));
            }

            if (_run.Count > 0)
            {
                cursors.Add(RunCursor.InMemory(_run, _keys.Order(_run)));
            }

            var heap = new PriorityQueue<int, int>(cursors.Count, Comparer<int>.Create((a, b) =>
            {
                var c = _keys.Compare(cursors[a].Batch, cursors[a].Row, cursors[b].Batch, cursors[b].Row);
                return c != 0 ? c : a.CompareTo(b);
            }));
            for (var k = 0; k < cursors.Count; k++)
            {
                if (cursors[k].MoveNext(retired))
                {
                    heap.Enqueue(k, k);
                }
            }

            var n = 0;
            while (heap.TryDequeue(out var k, out _))
            {
                var cursor = cursors[k];
                if (!slotOf.TryGetValue(cursor.Batch, out var slot))
                {
                    slot = sources.Count;
                    sources.Add(cursor.Batch);
                    slotOf.Add(cursor.Batch, slot);
                }

                slots[n] = slot;
                rows[n] = cursor.Row;
                n++;
                if (cursor.MoveNext(retired))
                {
                    heap.Enqueue(k, k);
                }

                if (n == ChunkRows || heap.Count == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var chunk = RowGatherer.Gather(_schema, sources, slots.AsSpan(0, n), rows.AsSpan(0, n));
                    n = 0;
                    sources.Clear();
                    slotOf.Clear();
                    DisposeAll(retired);
                    yield return chunk;
                }
            }
        }
        finally
        {
            DisposeAll(retired);
            foreach (var c in cursors)
            {
                c.Dispose();
            }
        }
    }

    /// <summary>Releases held batches, their reservation and the spill file.</summary>
    public void Dispose()
    {
        DisposeAll(_run);
        _budget.Release(_runReserved);
        _runReserved = 0;
        _spool.Dispose();
    }

    private void SpillRun()
    {
        var order = _keys.Order(_run);
        var from = _spool.Count;
        for (var at = 0; at < order.Length; at += ChunkRows)
        {
            var chunk = RowGatherer.Gather(_schema, _run, order.AsSpan(at, Math.Min(ChunkRows, order.Length - at)));
            _spool.Add(chunk, allowMemory: false);
        }

        _runs.Add((from, _spool.Count));
        DisposeAll(_run);
        _budget.Release(_runReserved);
        _runReserved = 0;
    }

    private static void DisposeAll(List<RecordBatch> batches)
    {
        foreach (var b in batches)
        {
            b.Dispose();
        }

        batches.Clear();
    }
}
