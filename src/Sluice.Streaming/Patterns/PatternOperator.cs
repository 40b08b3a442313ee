using Sluice.Data.Batches;
using Sluice.Diagnostics;
using Sluice.Streaming.Checkpoints;
using Sluice.Streaming.Definition;
using Sluice.Streaming.Runtime;
using Sluice.Streaming.Steps;
using Sluice.Streaming.Windows;

namespace Sluice.Streaming.Patterns;

/// <summary>
/// Per-key sequence patterns (Flink CEP's followedBy with <c>within</c>, skip past the last event). Events that match a
/// step wait until the watermark passes them and are then taken in event-time order (ties broken by their values, so
/// the order does not depend on arrival), which makes the matches the same under any disorder the watermark delay
/// covers. Every event matching the first step starts a partial match; every event advances each partial match whose
/// next step it matches; a partial match whose next event would come <c>within</c> or more after its first is dropped.
/// The first partial match to complete emits one row — key, <c>first_time</c>, <c>last_time</c> (epoch ms),
/// <c>count</c> and the selected columns of its first and last events — and every partial match of the key is
/// dropped with it. An event at or below the watermark when it arrives is late.
/// </summary>
internal sealed class PatternOperator : ITimeOperator
{
    private const long NoTime = long.MinValue / 2;
    private readonly PatternSpec _spec;
    private readonly RowCondition[] _conditions;
    private readonly int[] _stepCondition;
    private readonly KeyColumns? _keys;
    private readonly int[] _stored;
    private readonly (bool First, int Index)[] _select;
    private readonly PriorityQueue<Pending, Pending> _pending = new(PendingOrder.Instance);
    private readonly Dictionary<StreamKey, KeyRuns> _runs = [];
    // When a key's oldest partial match can no longer complete (lazy: stale entries are skipped).
    private readonly PriorityQueue<StreamKey, long> _expiry = new();
    private bool[][] _matches;

    public PatternOperator(PatternSpec spec, Schema input, string where)
    {
        _spec = spec;
        var texts = spec.Steps.Distinct().ToList();
        _conditions = [.. texts.Select((t, i) => new RowCondition(t, input, spec.Steps.Count == 1 || texts.Count == 1 ? $"{where}.{(spec.Steps.Count == 1 ? "sequence[0]" : "where")}" : $"{where}.sequence[{spec.Steps.ToList().IndexOf(t)}]"))];
        _stepCondition = [.. spec.Steps.Select(t => texts.IndexOf(t))];
        _matches = [.. _conditions.Select(static _ => Array.Empty<bool>())];
        _keys = spec.Keys.Count > 0 ? new KeyColumns(input, spec.Keys, $"{where}.key") : null;
        int Find(SideColumn c) => input.IndexOf(c.Column) is var i and >= 0
            ? i
            : throw new SluiceException($"{where}.select.{c.Name}: '{c.Column}' is not a column of the stream here; the columns are {string.Join(", ", input.Fields.Select(static f => f.Name))}.");
        var indexes = spec.Select.Select(Find).ToArray();
        _stored = [.. indexes.Distinct()];
        _select = [.. spec.Select.Select((c, j) => (c.First, Array.IndexOf(_stored, indexes[j])))];
        var fields = spec.Keys.Select(k => input[input.IndexOf(k)]).ToList();
        fields.AddRange([new Field("first_time", DataType.Int64), new Field("last_time", DataType.Int64), new Field("count", DataType.Int64)]);
        foreach (var (c, j) in spec.Select.Select((c, j) => (c, j)))
        {
            if (fields.Any(f => f.Name == c.Name))
            {
                throw new SluiceException($"{where}.select.{c.Name}: the name is taken (the key columns, first_time, last_time and count come first); choose another.");
            }

            fields.Add(new Field(c.Name, input[indexes[j]].Type));
        }

        Output = new Schema(fields);
    }

    public Schema Output { get; }

    public int OpenWindows => _runs.Count;

    public void Add(RecordBatch batch, long[] times, long watermark, List<int> late)
    {
        var rows = batch.RowCount;
        for (var c = 0; c < _conditions.Length; c++)
        {
            if (_matches[c].Length < rows)
            {
                _matches[c] = new bool[rows];
            }

            _conditions[c].Evaluate(batch, _matches[c]);
        }

        var keys = _keys?.Bind(batch) ?? [];
        ColumnReader[] values = [.. _stored.Select(i => new ColumnReader(batch.Column(i)))];
        for (var r = 0; r < rows; r++)
        {
            var mask = 0UL;
            for (var s = 0; s < _stepCondition.Length; s++)
            {
                mask |= _matches[_stepCondition[s]][r] ? 1UL << s : 0;
            }

            if (mask == 0)
            {
                continue;
            }

            var t = times[r];
            if (t <= NoTime || t <= watermark)
            {
                late.Add(r);
                continue;
            }

            var key = _keys is null ? StreamKey.None : StreamKey.Of(keys, _keys.IsSingleNumber, r);
            var e = new Pending(key, ColumnReader.Values(keys, r), t, mask, ColumnReader.Values(values, r));
            _pending.Enqueue(e, e);
        }
    }

    public void Fire(long watermark, List<object?[]> output)
    {
        while (_pending.TryPeek(out var e, out _) && e.Time <= watermark)
        {
            _pending.Dequeue();
            Process(e, output);
        }

        // A partial match started at s can still complete only with an event before s + within, and every event still
        // to come is after the watermark.
        while (_expiry.TryPeek(out var key, out var until) && until - 1 <= watermark)
        {
            _expiry.Dequeue();
            if (_runs.TryGetValue(key, out var state))
            {
                state.Runs.RemoveAll(run => run.Start + _spec.Within - 1 <= watermark);
                if (state.Runs.Count == 0)
                {
                    _runs.Remove(key);
                }
            }
        }
    }

    private void Process(Pending e, List<object?[]> output)
    {
        if (!_runs.TryGetValue(e.Key, out var state))
        {
            state = new KeyRuns(e.KeyValues);
            _runs[e.Key] = state;
        }

        var runs = state.Runs;
        runs.RemoveAll(run => e.Time - run.Start >= _spec.Within);
        foreach (var run in runs)
        {
            if ((e.Mask >> run.Next & 1) == 0)
            {
                continue;
            }

            run.Next++;
            if (run.Next == _stepCondition.Length)
            {
                output.Add(Row(state.KeyValues, run.Start, run.First, e));
                _runs.Remove(e.Key);
                return;
            }
        }

        if ((e.Mask & 1) != 0)
        {
            if (_stepCondition.Length == 1)
            {
                output.Add(Row(state.KeyValues, e.Time, e.Values, e));
            }
            else
            {
                runs.Add(new Run(e.Time, e.Values, 1));
                _expiry.Enqueue(e.Key, e.Time + _spec.Within);
            }
        }

        if (runs.Count == 0)
        {
            _runs.Remove(e.Key);
        }
    }

    private object?[] Row(object?[] keyValues, long firstTime, object?[] first, Pending last)
    {
        var row = new object?[Output.Count];
        keyValues.CopyTo(row, 0);
        var at = keyValues.Length;
        row[at] = firstTime;
        row[at + 1] = last.Time;
        row[at + 2] = (long)_stepCondition.Length;
        for (var j = 0; j < _select.Length; j++)
        {
            var (fromFirst, index) = _select[j];
            row[at + 3 + j] = (fromFirst ? first : last.Values)[index];
        }

        return row;
    }

    public void Save(StateWriter writer)
    {
        writer.Write(_pending.Count);
        foreach (var (e, _) in _pending.UnorderedItems)
        {
            e.Key.Save(writer);
            WriteValues(writer, e.KeyValues);
            writer.Write(e.Time);
            writer.Write((long)e.Mask);
            WriteValues(writer, e.Values);
        }

        writer.Write(_runs.Count);
        foreach (var (key, state) in _runs)
        {
            key.Save(writer);
            WriteValues(writer, state.KeyValues);
            writer.Write(state.Runs.Count);
            foreach (var run in state.Runs)
            {
                writer.Write(run.Start);
                writer.Write(run.Next);
                WriteValues(writer, run.First);
            }
        }
    }

    public void Load(StateReader reader)
    {
        var keyWidth = _spec.Keys.Count;
        _pending.Clear();
        for (var n = reader.ReadInt(); n > 0; n--)
        {
            var e = new Pending(StreamKey.Load(reader), ReadValues(reader, keyWidth), reader.ReadLong(), (ulong)reader.ReadLong(), ReadValues(reader, _stored.Length));
            _pending.Enqueue(e, e);
        }

        _runs.Clear();
        _expiry.Clear();
        for (var n = reader.ReadInt(); n > 0; n--)
        {
            var key = StreamKey.Load(reader);
            var state = new KeyRuns(ReadValues(reader, keyWidth));
            for (var r = reader.ReadInt(); r > 0; r--)
            {
                var start = reader.ReadLong();
                var next = reader.ReadInt();
                state.Runs.Add(new Run(start, ReadValues(reader, _stored.Length), next));
                _expiry.Enqueue(key, start + _spec.Within);
            }

            _runs[key] = state;
        }
    }

    private static void WriteValues(StateWriter writer, object?[] values)
    {
        foreach (var value in values)
        {
            writer.WriteValue(value);
        }
    }

    private static object?[] ReadValues(StateReader reader, int count)
    {
        var values = new object?[count];
        for (var c = 0; c < count; c++)
        {
            values[c] = reader.ReadValue();
        }

        return values;
    }

    /// <summary>A partial match: when its first event happened, that event's stored columns, the next step to match.</summary>
    private sealed class Run(long start, object?[] first, int next)
    {
        public long Start { get; } = start;

        public object?[] First { get; } = first;

        public int Next { get; set; } = next;
    }

    /// <summary>A key's partial matches, oldest first, and its key values for the match rows.</summary>
    private sealed class KeyRuns(object?[] keyValues)
    {
        public object?[] KeyValues { get; } = keyValues;

        public List<Run> Runs { get; } = [];
    }
}
