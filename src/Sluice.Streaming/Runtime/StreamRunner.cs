using System.Globalization;
using System.Text.Json;
using Sluice.Actions;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Diagnostics;
using Sluice.Streaming.Checkpoints;
using Sluice.DataActions.IO;
using Sluice.Streaming.Definition;
using Sluice.Streaming.Steps;
using Sluice.Streaming.Sinks;
using Sluice.Streaming.Sources;
using Sluice.Streaming.Time;
using Sluice.Streaming.Windows;
using Sluice.Streaming.Joins;
using Sluice.Streaming.Patterns;

namespace Sluice.Streaming.Runtime;

/// <summary>
/// Runs one streaming task: source → stateless steps → window → stateless steps → sink, one batch at a time on one
/// thread, so a checkpoint between two batches is consistent without barriers. Every checkpoint prepares the sinks'
/// pending parts, commits source offsets + watermark + window state + counters to the <see cref="CheckpointStore"/>,
/// then publishes the parts. A resumed task restores the last checkpoint and replays the source from its offsets:
/// nothing is lost and no published row is written twice.
/// </summary>
internal sealed class StreamRunner : IAsyncDisposable
{
    private readonly StreamSpec _spec;
    private readonly ActionContext _context;
    private readonly CheckpointStore? _store;
    private readonly string _checkpointTask;
    private readonly int _checkpointMap;
    private readonly string _label;
    private readonly IStreamSource _source;
    private readonly StreamSteps _before;
    private readonly ITimeOperator? _window;
    private readonly StreamSteps _after;
    private readonly IStreamSink _sink;
    private readonly StagedFileSink? _late;
    private readonly LatencyProbe? _latency;
    private readonly WatermarkTracker _watermarks;
    private readonly int _timeColumn;
    private readonly List<int> _lateRows = [];
    private readonly List<object?[]> _emitted = [];
    private long[] _times = new long[4096];
    private long _sequence;
    private long _eventsIn;
    private long _lateCount;
    private long _rejected;
    private (long Started, long Rows)? _paceStart;
    private double _lastCheckpointMillis;
    private long? _arrived;
    private (int Count, double TotalMillis, double MaxMillis, long LastBytes, long MaxBytes) _checkpoints;

    /// <param name="spec">The stream (of one partition, for a partitioned source).</param>
    /// <param name="context">The task.</param>
    /// <param name="store">Where checkpoints go, or null.</param>
    /// <param name="reader">Opens enrichment datasets.</param>
    /// <param name="partition">The partition of a partitioned source this runner reads, checkpointed under its own key (<see cref="CheckpointKey"/>); null for the whole source.</param>
    public StreamRunner(StreamSpec spec, ActionContext context, CheckpointStore? store, DatasetReader? reader = null, string? partition = null)
    {
        _spec = spec;
        _context = context;
        _store = store;
        _checkpointTask = CheckpointKey(context.TaskId, partition);
        // A partition belongs to the task, not to the item that holds it now: every item of the lease group finds it.
        _checkpointMap = partition is null ? context.MapIndex : -1;
        _label = partition is null ? "" : $"partition {partition}: ";
        var where = $"{context.TaskId}.parameters";
        var schema = new Schema(spec.Columns.Select(c => new Field(c.Key, DataType.TryParse(c.Value) ?? throw new SluiceException($"{where}.columns.{c.Key}: got '{c.Value}'; expected a type: string, int, float, bool, timestamp, date"))));
        _source = StreamSources.Open(spec.Source, schema, context, $"{where}.source");
        _before = new StreamSteps(spec.Before, schema, $"{where}.steps", new StepServices(context, reader, spec.Time.Column));
        _timeColumn = spec.Time.Column is { } tc ? _before.Output.IndexOf(tc) : -1;
        if (spec.Time.Column is not null && (_timeColumn < 0 || _before.Output[_timeColumn].Type.Kind is not (TypeKind.Timestamp or TypeKind.Int64)))
        {
            throw new SluiceException($"{where}.event_time.column: '{spec.Time.Column}' must be a timestamp or an integer (epoch milliseconds) column that the steps before the window keep.");
        }

        var windowed = _before.Output;
        if (spec.Window is { } w)
        {
            _window = WindowOperator.Create(new WindowInput(w, _before.Output, $"{where}.steps.window"), spec.Parallelism);
        }
        else if (spec.Join is { } join)
        {
            _window = new JoinOperator(join, _before.Output, $"{where}.steps.join");
        }
        else if (spec.Pattern is { } pattern)
        {
            _window = new PatternOperator(pattern, _before.Output, $"{where}.steps.pattern");
        }

        if (_window is not null)
        {
            windowed = _window.Output;
            // Latency is sampled for windows only: a join or pattern result has no one window an event waited for.
            _latency = spec.Window is { } measured ? new LatencyProbe(measured) : null;
        }

        _after = new StreamSteps(spec.After, windowed, $"{where}.steps", new StepServices(context, reader, null));
        _sink = StreamSinks.Open(spec.Sink, _after.Output, context, $"{where}.sink", partition);
        _late = spec.LateSink is { } late ? new StagedFileSink(late, _before.Output, $"{where}.late") : null;
        _watermarks = new WatermarkTracker(spec.Time.Delay, spec.Time.IdleTimeout);
    }

    /// <summary>The task id a partition's checkpoints are stored under: <c>TASK#PARTITION</c>, or the task's own id.</summary>
    public static string CheckpointKey(string taskId, string? partition) => partition is null ? taskId : $"{taskId}#{partition}";

    public StreamProgress Progress => new(_eventsIn, _sink.Rows, _lateCount, _rejected,
        _watermarks.Watermark == long.MinValue ? null : _watermarks.Watermark, _sequence, _window?.OpenWindows ?? 0);

    /// <summary>
    /// What this attempt measured (not checkpointed): checkpoint durations and sizes, and for a window the latency
    /// percentiles of <see cref="LatencyProbe"/> in milliseconds (null without samples).
    /// </summary>
    public IReadOnlyDictionary<string, object?> Measurements => new Dictionary<string, object?>
    {
        ["checkpoint_ms_mean"] = _checkpoints.Count == 0 ? null : Math.Round(_checkpoints.TotalMillis / _checkpoints.Count, 2),
        ["checkpoint_ms_max"] = _checkpoints.Count == 0 ? null : Math.Round(_checkpoints.MaxMillis, 2),
        ["checkpoint_bytes_last"] = _checkpoints.Count == 0 ? null : _checkpoints.LastBytes,
        ["checkpoint_bytes_max"] = _checkpoints.Count == 0 ? null : _checkpoints.MaxBytes,
        ["latency_p50_ms"] = Round(_latency?.EventLatency.Percentile(50)),
        ["latency_p99_ms"] = Round(_latency?.EventLatency.Percentile(99)),
        ["fire_latency_p50_ms"] = Round(_latency?.FireLatency.Percentile(50)),
        ["fire_latency_p99_ms"] = Round(_latency?.FireLatency.Percentile(99)),
    };

    private static double? Round(double? ms) => ms is { } v ? Math.Round(v, 2) : null;

    public async Task<StreamProgress> RunAsync(CancellationToken cancellationToken)
    {
        if (await RestoreAsync(cancellationToken).ConfigureAwait(false))
        {
            await FinishSinksAsync(resumed: true, cancellationToken).ConfigureAwait(false);
            return Progress;
        }

        var time = _context.Time;
        var interval = TimeSpan.FromMilliseconds(_spec.CheckpointInterval);
        var lastCheckpoint = time.GetTimestamp();
        while (await _source.ReadAsync(cancellationToken).ConfigureAwait(false) is { } read)
        {
            _rejected += read.Rejected;
            if (read.Batch.RowCount > 0)
            {
                _eventsIn += read.Batch.RowCount;
                _arrived = time.GetTimestamp();
                var clock = Clock();
                await _before.RefreshAsync(clock, cancellationToken).ConfigureAwait(false);
                await _after.RefreshAsync(clock, cancellationToken).ConfigureAwait(false);
                Process(read.Partition, _before.Apply(read.Batch, clock));
                _arrived = null;
                RaiseAlerts();
                await PaceSinkAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                read.Batch.Dispose();
                _watermarks.Advance(time.GetUtcNow().ToUnixTimeMilliseconds());
                Fire();
            }

            if (time.GetElapsedTime(lastCheckpoint) >= interval)
            {
                await CheckpointAsync(finished: false, cancellationToken).ConfigureAwait(false);
                lastCheckpoint = time.GetTimestamp();
            }
        }

        _watermarks.End();
        Fire(final: true);
        await CheckpointAsync(finished: true, cancellationToken).ConfigureAwait(false);
        await FinishSinksAsync(resumed: false, cancellationToken).ConfigureAwait(false);
        return Progress;
    }

    private void Process(string partition, RecordBatch batch)
    {
        using (batch)
        {
            var rows = batch.RowCount;
            if (_times.Length < rows)
            {
                _times = new long[rows];
            }

            if (_window is null)
            {
                // Without a window the watermark still moves: stateful steps expire their state by it.
                var last = _timeColumn >= 0 ? EventTimes(batch) : long.MinValue;
                _sink.Write(batch, _sequence + 1);
                if (last != long.MinValue)
                {
                    _watermarks.Observe(partition, last, _context.Time.GetUtcNow().ToUnixTimeMilliseconds());
                }

                return;
            }

            var max = EventTimes(batch);
            var watermark = _watermarks.Watermark;
            if (_arrived is { } arrived)
            {
                _latency?.Arrived(_times.AsSpan(0, rows), watermark, arrived);
            }

            _lateRows.Clear();
            _window.Add(batch, _times, watermark, _lateRows);
            if (_lateRows.Count > 0)
            {
                _lateCount += _lateRows.Count;
                if (_late is not null)
                {
                    using var late = batch.Gather(_lateRows.ToArray());
                    _late.Write(late, _sequence + 1);
                }
            }

            if (max != long.MinValue)
            {
                _watermarks.Observe(partition, max, _context.Time.GetUtcNow().ToUnixTimeMilliseconds());
            }

            if (_watermarks.Watermark != watermark || _window.HasOutput)
            {
                Fire();
            }
        }
    }

    /// <summary>Fills the event times (epoch ms) of the batch's rows; returns the largest, or MinValue.</summary>
    private long EventTimes(RecordBatch batch)
    {
        var rows = batch.RowCount;
        var max = long.MinValue;
        if (_timeColumn < 0)
        {
            var now = _context.Time.GetUtcNow().ToUnixTimeMilliseconds();
            _times.AsSpan(0, rows).Fill(now);
            return now;
        }

        var reader = new EventTimeReader(batch.Column(_timeColumn));
        for (var r = 0; r < rows; r++)
        {
            if (!reader.TryGet(r, out var t))
            {
                // No event time: it belongs to no window, so it goes to the late output with the late events.
                _times[r] = long.MinValue / 2;
                continue;
            }

            _times[r] = t;
            max = Math.Max(max, t);
        }

        return max;
    }

    /// <param name="final">The input ended: windows fire because nothing more comes, not on time; their latency is not measured.</param>
    private void Fire(bool final = false)
    {
        if (_window is null)
        {
            return;
        }

        _emitted.Clear();
        _window.Fire(_watermarks.Watermark, _emitted);
        var emitted = _emitted.Count > 0;
        if (emitted)
        {
            using var batch = _after.Apply(ToBatch(_window.Output, _emitted), Clock());
            _sink.Write(batch, _sequence + 1);
            RaiseAlerts();
        }

        _latency?.Fired(final ? long.MinValue : _watermarks.Watermark, _context.Time.GetTimestamp(), emitted && !final ? _arrived : null, _context.Time);
    }

    /// <summary>
    /// Holds the loop while the sink is ahead of its <c>max_rows_per_second</c>: the next batch is read only after the
    /// wait, so the source slows down with the sink (backpressure, not buffering).
    /// </summary>
    private async Task PaceSinkAsync(CancellationToken cancellationToken)
    {
        if (_spec.Sink.MaxRowsPerSecond <= 0)
        {
            return;
        }

        _paceStart ??= (_context.Time.GetTimestamp(), _sink.Rows);
        var due = TimeSpan.FromSeconds((double)(_sink.Rows - _paceStart.Value.Rows) / _spec.Sink.MaxRowsPerSecond);
        var ahead = due - _context.Time.GetElapsedTime(_paceStart.Value.Started);
        if (ahead > TimeSpan.Zero)
        {
            await Task.Delay(ahead, _context.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    private StreamClock Clock() => new(_watermarks.Watermark, _context.Time.GetUtcNow().ToUnixTimeMilliseconds());

    /// <summary>Raises the alerts the anomaly steps queued: at least once (a replay after a crash raises them again).</summary>
    private void RaiseAlerts()
    {
        foreach (var anomaly in _after.Operators.Concat(_before.Operators).OfType<AnomalyStep>())
        {
            foreach (var message in anomaly.Alerts)
            {
                StreamAlertEvent.Raise(_context, "anomaly", message);
            }

            anomaly.Alerts.Clear();
        }
    }

    private static RecordBatch ToBatch(Schema schema, List<object?[]> rows)
    {
        var columns = new Column[schema.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            var values = new object?[rows.Count];
            for (var r = 0; r < rows.Count; r++)
            {
                values[r] = rows[r][c];
            }

            columns[c] = WindowInput.Build(schema[c].Type, values);
        }

        return new RecordBatch(schema, columns, rows.Count);
    }

    private async Task CheckpointAsync(bool finished, CancellationToken cancellationToken)
    {
        var started = _context.Time.GetTimestamp();
        var sequence = _sequence + 1;
        _sink.Prepare(sequence);
        _late?.Prepare(sequence);
        byte[] state;
        using (var w = new StateWriter())
        {
            new CheckpointHeader(finished, _eventsIn, _sink.Rows, _late?.Rows ?? 0, _lateCount, _rejected, _watermarks.Watermark, _lastCheckpointMillis).Write(w);
            _watermarks.Save(w);
            _before.Save(w);
            _window?.Save(w);
            _after.Save(w);
            _sink.Save(w);
            state = w.ToArray();
        }

        var offsets = JsonSerializer.Serialize(_source.Offsets);
        if (_store is not null)
        {
            await _store.SaveAsync(new StreamCheckpoint(_context.RunId, _checkpointTask, _checkpointMap, sequence, offsets, state, _context.Time.GetUtcNow()), _spec.CheckpointKeep, cancellationToken).ConfigureAwait(false);
        }

        await _sink.CommitAsync(sequence, cancellationToken).ConfigureAwait(false);
        _late?.Commit(sequence);
        _sequence = sequence;
        await _source.CommitAsync(_source.Offsets, cancellationToken).ConfigureAwait(false);
        var p = Progress;
        _lastCheckpointMillis = _context.Time.GetElapsedTime(started).TotalMilliseconds;
        _checkpoints = (_checkpoints.Count + 1, _checkpoints.TotalMillis + _lastCheckpointMillis, Math.Max(_checkpoints.MaxMillis, _lastCheckpointMillis), state.Length, Math.Max(_checkpoints.MaxBytes, state.Length));
        _context.Log.Write("info", string.Create(CultureInfo.InvariantCulture,
            $"{_label}checkpoint {sequence}{(finished ? " (final)" : "")}: events in {p.EventsIn}, out {p.EventsOut}, late {p.LateEvents}, rejected {p.Rejected}, watermark {FormatTime(p.Watermark)}, open windows {p.OpenWindows}, offsets {offsets}, state {state.Length} bytes, took {_lastCheckpointMillis:0.0} ms"));
    }

    private static string FormatTime(long? ms) => ms switch
    {
        null => "none",
        long.MaxValue => "end",
        { } v => DateTimeOffset.FromUnixTimeMilliseconds(v).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
    };

    /// <summary>Restores the last checkpoint, if any; true when it was the final one (the input was consumed).</summary>
    private async Task<bool> RestoreAsync(CancellationToken cancellationToken)
    {
        var checkpoint = _store is null ? null : await _store.LatestAsync(_context.RunId, _checkpointTask, _checkpointMap, cancellationToken).ConfigureAwait(false);
        if (checkpoint is null)
        {
            _sink.Restore(0, 0);
            _late?.Recover(0);
            return false;
        }

        _source.Seek(JsonSerializer.Deserialize<Dictionary<string, string>>(checkpoint.Offsets) ?? []);
        using var r = new StateReader(checkpoint.State);
        var (finished, eventsIn, sinkRows, lateRows, lateCount, rejected, _, previousMillis) = CheckpointHeader.Read(r);
        (_eventsIn, _lateCount, _rejected, _lastCheckpointMillis) = (eventsIn, lateCount, rejected, previousMillis);
        _watermarks.Load(r, _context.Time.GetUtcNow().ToUnixTimeMilliseconds());
        _before.Load(r);
        if (_window is not null)
        {
            if (_window is WindowOperator window)
            {
                WindowOperator.Restore(window, r);
            }
            else
            {
                _window.Load(r);
            }
        }

        _after.Load(r);
        _sequence = checkpoint.Sequence;
        _sink.Restore(_sequence, sinkRows);
        _sink.Load(r);
        await _sink.CommitAsync(_sequence, cancellationToken).ConfigureAwait(false); // its commit may have been cut short
        _late?.Restore(_sequence, lateRows);
        _context.Log.Write("info", string.Create(CultureInfo.InvariantCulture, $"{_label}resumed from checkpoint {_sequence}: offsets {checkpoint.Offsets}, events in {_eventsIn}, watermark {FormatTime(_watermarks.Watermark == long.MinValue ? null : _watermarks.Watermark)}"));
        return finished;
    }

    private async Task FinishSinksAsync(bool resumed, CancellationToken cancellationToken)
    {
        await _sink.FinishAsync(resumed, cancellationToken).ConfigureAwait(false);
        if (_late is not null)
        {
            await _late.FinishAsync(resumed, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _source.DisposeAsync().ConfigureAwait(false);
        await _sink.DisposeAsync().ConfigureAwait(false);
        _late?.Dispose();
        _before.Dispose();
        _after.Dispose();
    }
}
