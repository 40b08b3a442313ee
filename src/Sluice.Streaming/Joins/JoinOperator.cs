using Sluice.Data.Batches;
using Sluice.Diagnostics;
using Sluice.Streaming.Checkpoints;
using Sluice.Streaming.Definition;
using Sluice.Streaming.Runtime;
using Sluice.Streaming.Steps;
using Sluice.Streaming.Windows;

namespace Sluice.Streaming.Joins;

/// <summary>
/// A stream–stream join with Flink's semantics. The window join keeps both sides' events per tumbling window and key and
/// emits every left × right pair when the watermark reaches the window's end − 1; an event whose window already fired is
/// late. The interval join pairs a left event at t with every right event in [t + lower, t + upper] as soon as the
/// second of the two arrives; an event at or below the watermark is late, a left event is forgotten once the watermark
/// reaches t + upper and a right one at t − lower (no event still to come can pair with it). Both sides may come from
/// one source (two conditions over the same events); an event may be on both sides. Events with a null key join
/// nothing. Single-threaded; the whole state (and pairs found but not yet emitted) goes into each checkpoint.
/// </summary>
internal sealed class JoinOperator : ITimeOperator
{
    private const long NoTime = long.MinValue / 2;
    private readonly JoinSpec _spec;
    private readonly RowCondition _left;
    private readonly RowCondition _right;
    private readonly KeyColumns _leftKeys;
    private readonly KeyColumns _rightKeys;
    private readonly int[] _leftStored;
    private readonly int[] _rightStored;
    private readonly (bool Left, int Index)[] _select;
    private readonly int _prefix;
    private readonly SortedDictionary<long, Dictionary<StreamKey, Sides>> _windows = [];
    private readonly Dictionary<StreamKey, Sides> _keys = [];
    // When a key's oldest events can go (lazy: an entry whose events are already gone is skipped).
    private readonly PriorityQueue<StreamKey, long> _expiry = new();
    private readonly List<object?[]> _found = [];
    private bool[] _isLeft = [];
    private bool[] _isRight = [];

    public JoinOperator(JoinSpec spec, Schema input, string where)
    {
        _spec = spec;
        _left = new RowCondition(spec.Left, input, $"{where}.left");
        _right = new RowCondition(spec.Right, input, $"{where}.right");
        _leftKeys = new KeyColumns(input, spec.LeftKeys, $"{where}.on.left");
        _rightKeys = new KeyColumns(input, spec.RightKeys, $"{where}.on.right");
        for (var k = 0; k < spec.LeftKeys.Count; k++)
        {
            var (l, r) = (input[_leftKeys.Indexes[k]], input[_rightKeys.Indexes[k]]);
            if (l.Type.Kind != r.Type.Kind)
            {
                throw new SluiceException($"{where}.on: the left key '{l.Name}' is {l.Type} but the right key '{r.Name}' is {r.Type}; cast one of them (a cast step before the join) so both have the same type.");
            }
        }

        var select = spec.Select.Count > 0
            ? spec.Select
            : [.. input.Fields.Select(static f => new SideColumn("left_" + f.Name, true, f.Name)), .. input.Fields.Select(static f => new SideColumn("right_" + f.Name, false, f.Name))];
        int Find(SideColumn c) => input.IndexOf(c.Column) is var i and >= 0
            ? i
            : throw new SluiceException($"{where}.select.{c.Name}: '{c.Column}' is not a column of the stream here; the columns are {string.Join(", ", input.Fields.Select(static f => f.Name))}.");
        var indexes = select.Select(Find).ToArray();
        _leftStored = [.. indexes.Where((_, j) => select[j].First).Distinct()];
        _rightStored = [.. indexes.Where((_, j) => !select[j].First).Distinct()];
        _select = [.. select.Select((c, j) => (c.First, Array.IndexOf(c.First ? _leftStored : _rightStored, indexes[j])))];
        _prefix = spec.Interval ? 0 : 2;
        var fields = spec.Interval ? new List<Field>() : [new Field("window_start", DataType.Int64), new Field("window_end", DataType.Int64)];
        foreach (var (c, j) in select.Select((c, j) => (c, j)))
        {
            if (fields.Any(f => f.Name == c.Name))
            {
                throw new SluiceException($"{where}.select.{c.Name}: the name is taken (window_start and window_end come first); choose another.");
            }

            fields.Add(new Field(c.Name, input[indexes[j]].Type));
        }

        Output = new Schema(fields);
    }

    public Schema Output { get; }

    public int OpenWindows => _spec.Interval ? _keys.Count : _windows.Count;

    public bool HasOutput => _found.Count > 0;

    public void Add(RecordBatch batch, long[] times, long watermark, List<int> late)
    {
        var rows = batch.RowCount;
        if (_isLeft.Length < rows)
        {
            _isLeft = new bool[rows];
            _isRight = new bool[rows];
        }

        _left.Evaluate(batch, _isLeft);
        _right.Evaluate(batch, _isRight);
        var leftKeys = _leftKeys.Bind(batch);
        var rightKeys = _rightKeys.Bind(batch);
        ColumnReader[] leftValues = [.. _leftStored.Select(i => new ColumnReader(batch.Column(i)))];
        ColumnReader[] rightValues = [.. _rightStored.Select(i => new ColumnReader(batch.Column(i)))];
        for (var r = 0; r < rows; r++)
        {
            if (!_isLeft[r] && !_isRight[r])
            {
                continue;
            }

            var t = times[r];
            var start = _spec.Interval ? 0 : t - Mod(t, _spec.Size);
            if (t <= NoTime || (_spec.Interval ? t <= watermark : start + _spec.Size - 1 <= watermark))
            {
                late.Add(r);
                continue;
            }

            if (_isLeft[r] && !leftKeys.Any(k => k.IsNull(r)))
            {
                Hold(true, StreamKey.Of(leftKeys, _leftKeys.IsSingleNumber, r), start, new Held(t, ColumnReader.Values(leftValues, r)));
            }

            if (_isRight[r] && !rightKeys.Any(k => k.IsNull(r)))
            {
                Hold(false, StreamKey.Of(rightKeys, _rightKeys.IsSingleNumber, r), start, new Held(t, ColumnReader.Values(rightValues, r)));
            }
        }
    }

    private void Hold(bool left, StreamKey key, long start, Held held)
    {
        if (!_spec.Interval)
        {
            if (!_windows.TryGetValue(start, out var window))
            {
                _windows[start] = window = [];
            }

            Get(window, key).Of(left).Add(held);
            return;
        }

        var sides = Get(_keys, key);
        foreach (var other in sides.Of(!left))
        {
            var (l, r) = left ? (held, other) : (other, held);
            if (r.Time >= l.Time + _spec.Lower && r.Time <= l.Time + _spec.Upper)
            {
                _found.Add(Row(0, l.Values, r.Values));
            }
        }

        sides.Of(left).Add(held);
        _expiry.Enqueue(key, left ? held.Time + _spec.Upper : held.Time - _spec.Lower);
    }

    public void Fire(long watermark, List<object?[]> output)
    {
        if (_spec.Interval)
        {
            output.AddRange(_found);
            _found.Clear();
            while (_expiry.TryPeek(out var key, out var until) && until <= watermark)
            {
                _expiry.Dequeue();
                if (_keys.TryGetValue(key, out var sides))
                {
                    sides.Left.RemoveAll(h => h.Time + _spec.Upper <= watermark);
                    sides.Right.RemoveAll(h => h.Time - _spec.Lower <= watermark);
                    if (sides.Left.Count == 0 && sides.Right.Count == 0)
                    {
                        _keys.Remove(key);
                    }
                }
            }

            return;
        }

        while (_windows.Count > 0)
        {
            var (start, window) = _windows.First();
            if (start + _spec.Size - 1 > watermark)
            {
                break;
            }

            var distinct = _spec.Distinct ? new HashSet<object?[]>(RowEquality.Instance) : null;
            foreach (var sides in window.Values)
            {
                foreach (var l in sides.Left)
                {
                    foreach (var r in sides.Right)
                    {
                        var row = Row(start, l.Values, r.Values);
                        if (distinct?.Add(row) ?? true)
                        {
                            output.Add(row);
                        }
                    }
                }
            }

            _windows.Remove(start);
        }
    }

    private object?[] Row(long start, object?[] left, object?[] right)
    {
        var row = new object?[Output.Count];
        if (_prefix == 2)
        {
            row[0] = start;
            row[1] = start + _spec.Size;
        }

        for (var j = 0; j < _select.Length; j++)
        {
            var (fromLeft, index) = _select[j];
            row[_prefix + j] = (fromLeft ? left : right)[index];
        }

        return row;
    }

    public void Save(StateWriter writer)
    {
        writer.Write(_found.Count);
        foreach (var row in _found)
        {
            foreach (var value in row)
            {
                writer.WriteValue(value);
            }
        }

        writer.Write(_windows.Count);
        foreach (var (start, window) in _windows)
        {
            writer.Write(start);
            SaveKeys(writer, window);
        }

        SaveKeys(writer, _keys);
    }

    public void Load(StateReader reader)
    {
        _found.Clear();
        for (var n = reader.ReadInt(); n > 0; n--)
        {
            var row = new object?[Output.Count];
            for (var c = 0; c < row.Length; c++)
            {
                row[c] = reader.ReadValue();
            }

            _found.Add(row);
        }

        _windows.Clear();
        for (var n = reader.ReadInt(); n > 0; n--)
        {
            var start = reader.ReadLong();
            var window = new Dictionary<StreamKey, Sides>();
            LoadKeys(reader, window);
            _windows[start] = window;
        }

        _keys.Clear();
        _expiry.Clear();
        LoadKeys(reader, _keys);
        foreach (var (key, sides) in _keys)
        {
            sides.Left.ForEach(h => _expiry.Enqueue(key, h.Time + _spec.Upper));
            sides.Right.ForEach(h => _expiry.Enqueue(key, h.Time - _spec.Lower));
        }
    }

    private static void SaveKeys(StateWriter writer, Dictionary<StreamKey, Sides> keys)
    {
        writer.Write(keys.Count);
        foreach (var (key, sides) in keys)
        {
            key.Save(writer);
            foreach (var side in new[] { sides.Left, sides.Right })
            {
                writer.Write(side.Count);
                foreach (var held in side)
                {
                    writer.Write(held.Time);
                    foreach (var value in held.Values)
                    {
                        writer.WriteValue(value);
                    }
                }
            }
        }
    }

    private void LoadKeys(StateReader reader, Dictionary<StreamKey, Sides> keys)
    {
        for (var n = reader.ReadInt(); n > 0; n--)
        {
            var sides = new Sides();
            keys[StreamKey.Load(reader)] = sides;
            foreach (var (side, width) in new[] { (sides.Left, _leftStored.Length), (sides.Right, _rightStored.Length) })
            {
                for (var h = reader.ReadInt(); h > 0; h--)
                {
                    var time = reader.ReadLong();
                    var values = new object?[width];
                    for (var c = 0; c < width; c++)
                    {
                        values[c] = reader.ReadValue();
                    }

                    side.Add(new Held(time, values));
                }
            }
        }
    }

    private static Sides Get(Dictionary<StreamKey, Sides> keys, StreamKey key)
    {
        if (!keys.TryGetValue(key, out var sides))
        {
            keys[key] = sides = new Sides();
        }

        return sides;
    }

    private static long Mod(long t, long size) => ((t % size) + size) % size;

    /// <summary>An event kept for joining: its time and the columns the output takes from its side.</summary>
    private readonly record struct Held(long Time, object?[] Values);

    /// <summary>The events of one key (and window) on each side, in arrival order.</summary>
    private sealed class Sides
    {
        public List<Held> Left { get; } = [];

        public List<Held> Right { get; } = [];

        public List<Held> Of(bool left) => left ? Left : Right;
    }
}
