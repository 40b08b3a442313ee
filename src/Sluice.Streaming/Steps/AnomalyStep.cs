using System.Globalization;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Diagnostics;
using Sluice.Streaming.Checkpoints;
using Sluice.Streaming.Definition;
using Sluice.Streaming.Windows;

namespace Sluice.Streaming.Steps;

/// <summary>
/// <c>anomaly</c>: per key, keeps the last <see cref="AnomalySpec.Windows"/> window results of a numeric column and
/// flags a new result more than <see cref="AnomalySpec.Sigma"/> sample standard deviations from their mean (a constant
/// history flags any change). Adds <c>zscore</c> (null under <see cref="AnomalySpec.MinWindows"/> results) and
/// <c>anomaly</c>. A window emitted again (a late update) replaces its own entry instead of adding one, and is compared
/// with the windows before it, so a re-emission is judged as the first emission was. Flagged rows are queued in
/// <see cref="Alerts"/> for the runner to raise.
/// </summary>
internal sealed class AnomalyStep : IStreamStep
{
    private readonly AnomalySpec _spec;
    private readonly KeyColumns _keys;
    private readonly int _value;
    private readonly int _start;
    private readonly Dictionary<StreamKey, History> _histories = [];

    public AnomalyStep(AnomalySpec spec, Schema input, string where)
    {
        _spec = spec;
        _value = input.IndexOf(spec.Value);
        if (_value < 0 || input[_value].Type.Kind is not (TypeKind.Int64 or TypeKind.Float64))
        {
            throw new SluiceException($"{where}.value: '{spec.Value}' must be a numeric column of the stream here (an aggregate of the window); the columns are {string.Join(", ", input.Fields.Select(static f => f.Name))}.");
        }

        _keys = spec.Keys.Count == 0 ? new KeyColumns(input, [spec.Value], where) : new KeyColumns(input, spec.Keys, $"{where}.key");
        _start = input.IndexOf("window_start");
        foreach (var name in (string[])["zscore", "anomaly"])
        {
            if (input.IndexOf(name) >= 0)
            {
                throw new SluiceException($"{where}: the stream already has a column '{name}', which this step adds; rename it before this step.");
            }
        }

        Output = new Schema([.. input.Fields, new Field("zscore", DataType.Float64), new Field("anomaly", DataType.Bool)]);
    }

    public Schema Output { get; }

    /// <summary>Messages about flagged rows not yet raised; the runner drains it.</summary>
    public List<string> Alerts { get; } = [];

    public long StateEntries => _histories.Values.Sum(static h => (long)h.Count);

    public RecordBatch Apply(RecordBatch batch, StreamClock clock)
    {
        var keys = _spec.Keys.Count == 0 ? [] : _keys.Bind(batch);
        var value = new ColumnReader(batch.Column(_value));
        var start = _start >= 0 ? new ColumnReader(batch.Column(_start)) : default;
        var rows = batch.RowCount;
        var z = new double[rows];
        var zValid = new bool[rows];
        var flags = new bool[rows];
        for (var row = 0; row < rows; row++)
        {
            if (value.IsNull(row))
            {
                continue;
            }

            var key = keys.Length == 0 ? StreamKey.None : StreamKey.Of(keys, _keys.IsSingleNumber, row);
            if (!_histories.TryGetValue(key, out var history))
            {
                _histories[key] = history = new History(_spec.Windows);
            }

            var x = value.Double(row);
            var window = _start >= 0 && !start.IsNull(row) ? start.Long(row) : long.MinValue;
            var replacing = window != long.MinValue && history.LastWindow == window;
            var (n, mean, std) = history.Stats(excludeLast: replacing);
            if (n >= _spec.MinWindows)
            {
                var score = std > 0 ? (x - mean) / std : x == mean ? 0 : double.PositiveInfinity * Math.Sign(x - mean);
                zValid[row] = !double.IsInfinity(score);
                z[row] = zValid[row] ? score : 0;
                flags[row] = Math.Abs(score) > _spec.Sigma;
                if (flags[row] && _spec.Alert)
                {
                    var keyText = keys.Length == 0 ? "" : $" for {string.Join(", ", _spec.Keys.Select((k, i) => $"{k}={keys[i].Value(row)}"))}";
                    Alerts.Add(string.Create(CultureInfo.InvariantCulture, $"{_spec.Value} = {x}{keyText} in the window starting {window} is {(zValid[row] ? $"{score:0.00}" : "infinitely many")} standard deviations from the mean {mean:0.###} of the previous {n} windows"));
                }
            }

            history.Add(window, x, replacing);
        }

        using (batch)
        {
            var columns = new Column[Output.Count];
            for (var c = 0; c < batch.Schema.Count; c++)
            {
                columns[c] = batch.Column(c).Retain();
            }

            columns[^2] = PrimitiveColumn<double>.Create(DataType.Float64, z, zValid);
            columns[^1] = PrimitiveColumn<bool>.Create(DataType.Bool, flags);
            return new RecordBatch(Output, columns, rows);
        }
    }

    public void Save(StateWriter writer)
    {
        writer.Write(_histories.Count);
        foreach (var (key, history) in _histories)
        {
            key.Save(writer);
            history.Save(writer);
        }
    }

    public void Load(StateReader reader)
    {
        _histories.Clear();
        for (var n = reader.ReadInt(); n > 0; n--)
        {
            var key = StreamKey.Load(reader);
            var history = new History(_spec.Windows);
            history.Load(reader);
            _histories[key] = history;
        }
    }

    /// <summary>The last results of one key, oldest first (a ring of at most <c>capacity</c> + 1, the newest kept apart).</summary>
    private sealed class History(int capacity)
    {
        private readonly Queue<(long Window, double Value)> _entries = new();
        private (long Window, double Value)? _last;

        public int Count => _entries.Count + (_last is null ? 0 : 1);

        public long LastWindow => _last?.Window ?? long.MinValue;

        /// <summary>Count, mean and sample standard deviation of the previous results (without the newest when it is being replaced).</summary>
        public (int N, double Mean, double Std) Stats(bool excludeLast)
        {
            var values = excludeLast || _last is null ? _entries.Select(static e => e.Value) : _entries.Select(static e => e.Value).Append(_last.Value.Value);
            if (!excludeLast && _last is not null && _entries.Count == capacity)
            {
                values = values.Skip(1);
            }

            var n = 0;
            var mean = 0.0;
            var m2 = 0.0;
            foreach (var v in values)
            {
                n++;
                var d = v - mean;
                mean += d / n;
                m2 += d * (v - mean);
            }

            return (n, mean, n > 1 ? Math.Sqrt(m2 / (n - 1)) : 0);
        }

        public void Add(long window, double value, bool replacing)
        {
            if (!replacing && _last is { } last)
            {
                _entries.Enqueue(last);
                while (_entries.Count > capacity)
                {
                    _entries.Dequeue();
                }
            }

            _last = (window, value);
        }

        public void Save(StateWriter writer)
        {
            writer.Write(_entries.Count);
            foreach (var (w, v) in _entries)
            {
                writer.Write(w);
                writer.Write(v);
            }

            writer.Write(_last is not null);
            if (_last is { } last)
            {
                writer.Write(last.Window);
                writer.Write(last.Value);
            }
        }

        public void Load(StateReader reader)
        {
            for (var n = reader.ReadInt(); n > 0; n--)
            {
                _entries.Enqueue((reader.ReadLong(), reader.ReadDouble()));
            }

            _last = reader.ReadBool() ? (reader.ReadLong(), reader.ReadDouble()) : null;
        }
    }
}
