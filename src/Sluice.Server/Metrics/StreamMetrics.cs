using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Execution;
using Sluice.Server.Runs;
using Sluice.State;
using Sluice.Streaming;
using Sluice.Streaming.Progress;

namespace Sluice.Server.Metrics;

/// <summary>
/// Stream progress in the <c>Sluice</c> meter, per pipeline and streaming task: events in and out, late events (those
/// routed to the task's late output) and rejected lines as counters; watermark, lag, checkpoint age, size and duration
/// as gauges. The figures come from each streaming task's last checkpoint in the store (<see cref="StreamProgressReader"/>,
/// the same numbers as <c>sluice show</c> and the API), read every <see cref="SampleInterval"/> while the task runs on
/// this server and once more when it ends, so they trail the stream by at most a checkpoint interval plus that.
/// </summary>
/// <remarks>
/// Counters grow by what a task processed since the previous sample, so they sum over runs and survive a task's end.
/// A resumed or retried task restores its counters from a checkpoint older than its start; that checkpoint is the
/// baseline its growth is measured from, so replayed history is not counted twice. Gauges aggregate the instances of a
/// task that this server saw last (a <c>for_each</c> task's items, or overlapping runs): the oldest watermark, the
/// largest lag, checkpoint age and duration, the summed checkpoint size. Streaming tasks run by <c>sluice worker</c>
/// processes (or another server) on the same store are found through their checkpoints: every sample also asks the
/// store which task instances committed one since the previous sample (<see cref="CheckpointStore.CommittedSinceAsync"/>)
/// and follows them until their final checkpoint, or until they stop committing. For those the baseline is what was
/// checkpointed before this server started.
/// </remarks>
internal sealed partial class StreamMetrics : BackgroundService, IRunObserver
{
    /// <summary>How often running streaming tasks' checkpoints are read.</summary>
    public static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long an ended, superseded task instance is remembered with what was counted of it.</summary>
    private static readonly TimeSpan Remembered = TimeSpan.FromMinutes(10);

    private readonly LiveRuns _live;
    private readonly CheckpointStore _checkpoints;
    private readonly IStateStore _state;
    private readonly DateTimeOffset _started;
    private DateTimeOffset _discoveredUpTo;
    private readonly TimeProvider _time;
    private readonly ILogger<StreamMetrics> _logger;
    private readonly ConcurrentDictionary<(string RunId, string TaskId, int MapIndex), Tracked> _streams = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Counter<long> _eventsIn;
    private readonly Counter<long> _eventsOut;
    private readonly Counter<long> _late;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _checkpointCount;
    private long _samples;

    public StreamMetrics(ServerMetrics metrics, LiveRuns live, CheckpointStore checkpoints, IStateStore state, TimeProvider time, ILogger<StreamMetrics> logger)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        (_live, _checkpoints, _state, _time, _logger) = (live, checkpoints, state, time, logger);
        // Whole milliseconds: a store may keep a checkpoint's time no finer.
        _started = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
        _discoveredUpTo = _started;
        var meter = metrics.Meter;
        _eventsIn = meter.CreateCounter<long>("sluice.stream.events_in", null, "Events streaming tasks read from their sources, by pipeline and task.");
        _eventsOut = meter.CreateCounter<long>("sluice.stream.events_out", null, "Rows streaming tasks wrote to their sinks, by pipeline and task.");
        _late = meter.CreateCounter<long>("sluice.stream.late_events", null,
            "Events later than the allowed lateness of every window they belong to, routed to the task's late output (counted even without one), by pipeline and task.");
        _rejected = meter.CreateCounter<long>("sluice.stream.rejected", null, "Source lines streaming tasks could not parse, by pipeline and task.");
        _checkpointCount = meter.CreateCounter<long>("sluice.stream.checkpoints", null, "Checkpoints streaming tasks committed, by pipeline and task.");
        meter.CreateObservableGauge("sluice.stream.watermark", () => Gauges(static g => g.Watermark), "s",
            "The streaming task's watermark (oldest over its instances) since the Unix epoch in seconds; absent before the first event and once a bounded source ended.");
        meter.CreateObservableGauge("sluice.stream.lag", () => Gauges(static g => g.Lag), "s",
            "How far the watermark trails the server clock in seconds (event-time lag of the source), while the task runs.");
        meter.CreateObservableGauge("sluice.stream.checkpoint.age", () => Gauges(static g => g.Age), "s", "Seconds since the task's last checkpoint was committed.");
        meter.CreateObservableGauge("sluice.stream.checkpoint.size", () => Gauges(static g => g.Bytes), "By", "Bytes of operator and sink state in the task's last checkpoint.");
        meter.CreateObservableGauge("sluice.stream.checkpoint.duration", () => Gauges(static g => g.Duration), "s",
            "How long the task's last timed checkpoint took, in seconds (prepare the sinks, commit to the store, publish).");
    }

    /// <summary>Checkpoint reads done (for tests).</summary>
    public long Samples => Interlocked.Read(ref _samples);

    public void RunStarted(string runId, string pipelineId, int taskCount)
    {
    }

    public void TaskChanged(string runId, string taskId, int mapIndex, TaskState state, int attempt, string? message)
    {
        var key = (runId, taskId, mapIndex);
        if (state == TaskState.Running)
        {
            if (_live.Find(runId)?.Definition is not { } definition || definition.Tasks.FirstOrDefault(t => t.Id == taskId) is not { Action: "stream" })
            {
                return;
            }

            // Whole milliseconds: a store may keep a checkpoint's time no finer.
            Track(key, new Tracked(definition.Id, DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds()), local: true));
        }
        else if (state.IsFinal() && _streams.TryGetValue(key, out var tracked))
        {
            tracked.Ending = true;
        }
        else
        {
            return;
        }

        _wake.Writer.TryWrite(true);
    }

    public void TaskExpanded(string runId, string taskId, int count)
    {
    }

    public void RunFinished(RunOutcome outcome)
    {
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await SampleAsync(stoppingToken).ConfigureAwait(false);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(SampleInterval);
                try
                {
                    await _wake.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Starts following a task instance; another instance of the task supersedes the ended ones whose last values the
    /// gauges still show. A superseded instance is remembered for <see cref="Remembered"/>, so the store's list of
    /// recent checkpoints does not bring it back as new (and count it again).
    /// </summary>
    private void Track((string RunId, string TaskId, int MapIndex) key, Tracked tracked)
    {
        var now = _time.GetUtcNow();
        foreach (var (k, old) in _streams)
        {
            if (old.SupersededAt is { } at && now - at > Remembered)
            {
                _streams.TryRemove(k, out _);
            }
            else if (old.Ended && old.SupersededAt is null && old.PipelineId == tracked.PipelineId && k.TaskId == key.TaskId && k != key)
            {
                old.SupersededAt = now;
            }
        }

        _streams[key] = tracked;
    }

    /// <summary>
    /// Follows the task instances that committed a checkpoint since the last pass and that this server does not run:
    /// streams of <c>sluice worker</c> processes sharing the store. One that stopped committing is sampled once more.
    /// </summary>
    private async Task DiscoverAsync(CancellationToken cancellationToken)
    {
        // A second of overlap: a checkpoint committed while the previous pass read is not missed.
        var now = _time.GetUtcNow();
        var fresh = await _checkpoints.CommittedSinceAsync(_discoveredUpTo - SampleInterval, cancellationToken).ConfigureAwait(false);
        _discoveredUpTo = now;
        var seen = new HashSet<(string, string, int)>();
        foreach (var c in fresh)
        {
            var key = (c.RunId, c.TaskId, c.MapIndex);
            seen.Add(key);
            if (_streams.TryGetValue(key, out var tracked))
            {
                if (tracked.Ended && !tracked.Finished)
                {
                    // It committed again (another process resumed it): follow it again from where it was counted.
                    (tracked.Local, tracked.SupersededAt, tracked.Ending, tracked.Ended) = (false, null, false, false);
                }

                continue;
            }

            if (await _state.GetRunAsync(c.RunId, cancellationToken).ConfigureAwait(false) is { } run)
            {
                Track(key, new Tracked(run.PipelineId, _started, local: false));
            }
        }

        foreach (var (key, tracked) in _streams)
        {
            if (!tracked.Local && !seen.Contains(key))
            {
                tracked.Ending = true;
            }
        }
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        try
        {
            await DiscoverAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogDiscoveryFailed(_logger, ex);
        }

        foreach (var ((runId, taskId, mapIndex), s) in _streams)
        {
            if (s.Ended)
            {
                continue;
            }

            // Read before sampling: a task that ended after this read is sampled once more on the next pass.
            var ending = s.Ending;
            try
            {
                if (await StreamProgressReader.ReadAsync(_checkpoints, runId, taskId, mapIndex, cancellationToken).ConfigureAwait(false) is { } p)
                {
                    Add(s, taskId, p);
                    if (p.Finished)
                    {
                        // The final checkpoint: nothing more to count, wherever it runs.
                        s.Finished = ending = true;
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(_logger, runId, taskId, ex);
            }

            Interlocked.Increment(ref _samples);
            s.Ended = ending;
        }
    }

    private void Add(Tracked s, string taskId, StreamTaskProgress p)
    {
        if (s.Last is null && p.CheckpointAt < s.StartedAt)
        {
            // A checkpoint from before this attempt: what it counts was counted then (or before this server started).
            s.Last = p;
            return;
        }

        var last = s.Last;
        var tags = new TagList { { "pipeline", s.PipelineId }, { "task", taskId } };
        _eventsIn.Add(Math.Max(0, p.EventsIn - (last?.EventsIn ?? 0)), tags);
        _eventsOut.Add(Math.Max(0, p.EventsOut - (last?.EventsOut ?? 0)), tags);
        _late.Add(Math.Max(0, p.LateEvents - (last?.LateEvents ?? 0)), tags);
        _rejected.Add(Math.Max(0, p.Rejected - (last?.Rejected ?? 0)), tags);
        _checkpointCount.Add(Math.Max(0, p.Checkpoint - (last?.Checkpoint ?? 0)), tags);
        s.Last = p;
    }

    private IEnumerable<Measurement<double>> Gauges(Func<TaskGauges, double?> pick)
    {
        var now = _time.GetUtcNow();
        var groups = new Dictionary<(string Pipeline, string Task), TaskGauges>();
        foreach (var ((_, taskId, _), s) in _streams)
        {
            if (s.Last is not { } p || s.SupersededAt is not null)
            {
                continue;
            }

            var key = (s.PipelineId, taskId);
            groups[key] = groups.TryGetValue(key, out var g) ? g.With(p, now) : TaskGauges.Of(p, now);
        }

        foreach (var ((pipeline, task), g) in groups)
        {
            if (pick(g) is { } value)
            {
                yield return new Measurement<double>(value, new("pipeline", pipeline), new("task", task));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not list the streaming tasks that committed checkpoints for the metrics")]
    private static partial void LogDiscoveryFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the last checkpoint of streaming task {TaskId} in run {RunId} for the metrics")]
    private static partial void LogFailed(ILogger logger, string runId, string taskId, Exception exception);

    /// <summary>One streaming task instance this server runs or ran, or found in the store: its last sampled progress.</summary>
    /// <param name="pipelineId">The task's pipeline.</param>
    /// <param name="startedAt">Checkpoints older than this were counted before (or before this server started).</param>
    /// <param name="local">This server runs it (its task changes are observed); else it was found in the store.</param>
    private sealed class Tracked(string pipelineId, DateTimeOffset startedAt, bool local)
    {
        public string PipelineId { get; } = pipelineId;
        public DateTimeOffset StartedAt { get; } = startedAt;
        public bool Local { get; set; } = local;
        public bool Finished { get; set; }
        public DateTimeOffset? SupersededAt { get; set; }
        public StreamTaskProgress? Last { get; set; }
        public volatile bool Ending;
        public volatile bool Ended;
    }

    /// <summary>A task's gauges over its instances.</summary>
    private readonly record struct TaskGauges(double? Watermark, double? Lag, double Age, double Bytes, double Duration)
    {
        public static TaskGauges Of(StreamTaskProgress p, DateTimeOffset now) => new(
            p.Finished || p.Watermark is not { } w ? null : w.ToUnixTimeMilliseconds() / 1000.0,
            p.Lag(now)?.TotalSeconds,
            p.CheckpointAge(now).TotalSeconds,
            p.CheckpointBytes,
            p.PreviousCheckpointMillis / 1000.0);

        public TaskGauges With(StreamTaskProgress p, DateTimeOffset now)
        {
            var o = Of(p, now);
            return new(Min(Watermark, o.Watermark), Max(Lag, o.Lag), Math.Max(Age, o.Age), Bytes + o.Bytes, Math.Max(Duration, o.Duration));
        }

        private static double? Min(double? a, double? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

        private static double? Max(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
    }
}
