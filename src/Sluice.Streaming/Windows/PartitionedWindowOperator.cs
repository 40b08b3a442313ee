using System.Globalization;
using Sluice.Data.Batches;
using Sluice.Streaming.Checkpoints;

namespace Sluice.Streaming.Windows;

/// <summary>
/// <c>parallelism: N</c>: the window's state split into N partitions, each a window operator of its own, fed and fired
/// on up to N cores at once. A keyed window sends each event to the partition of its key (a hash that does not change
/// between processes, so a resumed task finds every key where its checkpoint left it). A window ranking rows without a
/// key (top over all events) splits each batch into N contiguous slices; each partition keeps its own top rows and the
/// window's result is the top of their union, which holds every global top row. Partitions see the same batches and
/// the same watermark, so they fire the same windows in the same call, and one checkpoint holds all of them.
/// </summary>
/// <remarks>
/// The emitted rows equal those of one partition as a set; within one firing they come grouped by window start, not
/// in the order one partition would emit them (a sink with <c>sort: true</c> writes identical files).
/// </remarks>
internal sealed class PartitionedWindowOperator : WindowOperator
{
    private readonly WindowOperator[] _parts;
    private readonly List<int>[] _rows;
    private readonly List<int>[] _late;
    private readonly List<object?[]>[] _fired;
    private readonly int _rank = -1;

    /// <summary>Starts a partitioned window's state; one operator's state starts with its window count, never negative.</summary>
    public const int Marker = -1;

    public PartitionedWindowOperator(WindowInput input, int parallelism)
        : base(input)
    {
        _parts = new WindowOperator[parallelism];
        for (var i = 0; i < parallelism; i++)
        {
            _parts[i] = Single(input);
        }

        _rows = [.. Enumerable.Range(0, parallelism).Select(static _ => new List<int>())];
        _late = [.. Enumerable.Range(0, parallelism).Select(static _ => new List<int>())];
        _fired = [.. Enumerable.Range(0, parallelism).Select(static _ => new List<object?[]>())];
        if (input.Spec.Top is { } top)
        {
            _rank = input.Output.IndexOf(top.By);
            if (_rank < 0)
            {
                throw new Diagnostics.SluiceException($"window top.by: '{top.By}' must be among the columns the window keeps when parallelism is more than 1 (the partitions' top rows are merged by it).");
            }
        }
    }

    /// <summary>The partitions (for tests).</summary>
    public int Partitions => _parts.Length;

    public override int OpenWindows => _parts.Sum(static p => p.OpenWindows);

    public override void Add(RecordBatch batch, long[] times, long watermark, List<int> late)
    {
        var rows = batch.RowCount;
        foreach (var r in _rows)
        {
            r.Clear();
        }

        if (Input.Spec.Keys.Count == 0)
        {
            var slice = (rows + _parts.Length - 1) / _parts.Length;
            for (var row = 0; row < rows; row++)
            {
                _rows[row / Math.Max(1, slice)].Add(row);
            }
        }
        else
        {
            var bound = new WindowInput.Bound(Input, batch);
            for (var row = 0; row < rows; row++)
            {
                _rows[PartitionOf(bound.Key(row))].Add(row);
            }
        }

        Parallel.For(0, _parts.Length, p =>
        {
            _late[p].Clear();
            var indexes = _rows[p];
            if (indexes.Count == 0)
            {
                return;
            }

            var picked = indexes.ToArray();
            using var part = batch.Gather(picked);
            var partTimes = new long[picked.Length];
            for (var i = 0; i < picked.Length; i++)
            {
                partTimes[i] = times[picked[i]];
            }

            _parts[p].Add(part, partTimes, watermark, _late[p]);
        });

        var first = late.Count;
        for (var p = 0; p < _parts.Length; p++)
        {
            foreach (var i in _late[p])
            {
                late.Add(_rows[p][i]);
            }
        }

        // One operator reports late rows in batch order; so do the partitions together.
        late.Sort(first, late.Count - first, Comparer<int>.Default);
    }

    public override void Fire(long watermark, List<object?[]> output)
    {
        Parallel.For(0, _parts.Length, p =>
        {
            _fired[p].Clear();
            _parts[p].Fire(watermark, _fired[p]);
        });

        var merged = _fired.SelectMany(static f => f).OrderBy(static r => (long)r[0]!); // stable: each partition's order kept
        if (_rank < 0)
        {
            output.AddRange(merged);
            return;
        }

        // Every partition emitted its own top of each window it fired: the window's top is the top of their union.
        foreach (var window in merged.GroupBy(static r => ((long)r[0]!, (long)r[1]!)))
        {
            var rows = window.Where(r => r[_rank] is not null).ToList();
            var thresholds = rows.Select(Rank).Distinct().OrderDescending().Take(Input.Spec.Top!.N).ToList();
            if (thresholds.Count > 0)
            {
                output.AddRange(rows.Where(r => Rank(r) >= thresholds[^1]));
            }
        }
    }

    public override void Save(StateWriter writer)
    {
        writer.Write(Marker);
        writer.Write(_parts.Length);
        foreach (var part in _parts)
        {
            part.Save(writer);
        }
    }

    public override void Load(StateReader reader)
    {
        var saved = reader.ReadInt() == Marker ? reader.ReadInt() : 1;
        if (saved != _parts.Length)
        {
            throw new Diagnostics.SluiceException(string.Create(CultureInfo.InvariantCulture,
                $"the last checkpoint holds the window's state in {saved} partition(s) but the task now has parallelism {_parts.Length}; resume with parallelism: {saved} (the state is split by key and cannot be split differently)."));
        }

        foreach (var part in _parts)
        {
            part.Load(reader);
        }
    }

    private double Rank(object?[] row) => Convert.ToDouble(row[_rank], CultureInfo.InvariantCulture);

    /// <summary>A partition from the key alone, the same in every process (string hash codes are randomised per process).</summary>
    private int PartitionOf(StreamKey key)
    {
        ulong h;
        if (key.Text is null)
        {
            h = (ulong)key.Number * 0x9E3779B97F4A7C15UL;
        }
        else
        {
            h = 14695981039346656037UL; // FNV-1a over the UTF-16 code units
            foreach (var c in key.Text)
            {
                h = (h ^ c) * 1099511628211UL;
            }
        }

        return (int)((h >> 32) % (ulong)_parts.Length);
    }
}
