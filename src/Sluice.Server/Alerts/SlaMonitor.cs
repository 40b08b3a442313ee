using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Sluice.Execution;
using Sluice.Server.Metrics;
using Sluice.Server.Runs;
using Sluice.State;

namespace Sluice.Server.Alerts;

/// <summary>
/// Watches <c>sla: {max_duration}</c> of pipelines and of tasks: a timer per executing run of a pipeline that
/// declares one, and per running task instance that declares one; when it fires before the run (or task) ends,
/// the miss is recorded on the run in the store (<see cref="SlaMissRecord"/>), counted (<c>sluice_sla_misses_total</c>)
/// and alerted, once: the store's record decides, so two servers watching one run alert once. A run's duration counts from when it
/// starts executing (again from a resume); a task's from its first attempt starting, retries included.
/// </summary>
internal sealed partial class SlaMonitor(LiveRuns live, IStateStore store, AlertNotifier notifier, ServerMetrics metrics, TimeProvider time, ILogger<SlaMonitor> logger) : IRunObserver
{
    private static readonly TimeSpan ArmingSlack = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, Watch> _watches = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _missedTasks = new(StringComparer.Ordinal);

    /// <summary>Runs and task instances watched now (their timers armed).</summary>
    public int Watching => _watches.Values.Count(w => w.Armed);

    public void RunStarted(string runId, string pipelineId, int taskCount)
    {
        if (live.Find(runId)?.Definition.SlaMaxDuration is { } max)
        {
            Arm(new Watch(this, runId, pipelineId, null, -1, max, time.GetUtcNow()));
        }
    }

    public void TaskChanged(string runId, string taskId, int mapIndex, TaskState state, int attempt, string? message)
    {
        switch (state)
        {
            case TaskState.Running:
                if (live.Find(runId)?.Definition is not { } definition
                    || definition.Tasks.FirstOrDefault(t => t.Id == taskId)?.SlaMaxDuration is not { } max
                    || _watches.ContainsKey(Watch.KeyOf(runId, taskId, mapIndex))
                    || _missedTasks.ContainsKey(Watch.KeyOf(runId, taskId, mapIndex)))
                {
                    // A retry keeps the first attempt's deadline (the task's SLA covers all its attempts), and one
                    // that starts after the miss does not miss again.
                    return;
                }
                Arm(new Watch(this, runId, definition.Id, taskId, mapIndex, max, time.GetUtcNow()));
                break;
            case TaskState.Succeeded or TaskState.Failed or TaskState.Skipped or TaskState.UpstreamFailed or TaskState.Cancelled:
                var key = Watch.KeyOf(runId, taskId, mapIndex);
                _missedTasks.TryRemove(key, out _);
                if (_watches.TryRemove(key, out var watch))
                {
                    watch.Timer?.Dispose();
                }
                break;
        }
    }

    public void TaskExpanded(string runId, string taskId, int count)
    {
    }

    public void RunFinished(RunOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        foreach (var (key, watch) in _watches)
        {
            if (watch.RunId == outcome.RunId && _watches.TryRemove(new KeyValuePair<string, Watch>(key, watch)))
            {
                watch.Timer?.Dispose();
            }
        }
        foreach (var (key, runId) in _missedTasks)
        {
            if (runId == outcome.RunId)
            {
                _missedTasks.TryRemove(key, out _);
            }
        }
    }

    private void Arm(Watch watch)
    {
        // The timer exists (disarmed) before the watch is visible, and is armed for the start + max, whatever
        // time has passed meanwhile: the deadline never slides.
        watch.Timer = time.CreateTimer(static s => ((Watch)s!).Owner.Missed((Watch)s!), watch, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (_watches.TryRemove(watch.Key, out var previous))
        {
            previous.Timer?.Dispose();
        }
        _watches[watch.Key] = watch;
        // A timer's due time is relative to "now": if the clock moves on while it is being armed (a thread
        // preempted for a while, a test's fake clock advanced), arm it again so the deadline stays put.
        DateTimeOffset armedAt;
        do
        {
            armedAt = time.GetUtcNow();
            var remaining = watch.StartedAt + watch.Max - armedAt;
            watch.Timer.Change(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
        while (time.GetUtcNow() - armedAt > ArmingSlack);
        watch.Armed = true;
    }

    private void Missed(Watch watch)
    {
        // Whoever removes the watch wins: the run's (or task's) end or this timer, never both.
        if (!_watches.TryRemove(new KeyValuePair<string, Watch>(watch.Key, watch)))
        {
            return;
        }
        watch.Timer?.Dispose();
        if (watch.TaskId is not null)
        {
            _missedTasks[watch.Key] = watch.RunId;
        }
        var noticedAt = time.GetUtcNow();
        var what = watch.TaskId is null ? "still running" : watch.MapIndex >= 0 ? $"task '{watch.TaskId}' item {watch.MapIndex} still running" : $"task '{watch.TaskId}' still running";
        var fields = new Dictionary<string, string>
        {
            ["max_duration_seconds"] = watch.Max.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            ["started_at"] = watch.StartedAt.ToString("O", CultureInfo.InvariantCulture),
            ["deadline"] = (watch.StartedAt + watch.Max).ToString("O", CultureInfo.InvariantCulture),
        };
        if (watch.MapIndex >= 0)
        {
            fields["map_index"] = watch.MapIndex.ToString(CultureInfo.InvariantCulture);
        }
        var alert = new Alert(AlertKind.SlaMissed, watch.PipelineId, watch.RunId, watch.TaskId,
            $"{what} after its SLA of {Definition.DurationParser.Format(watch.Max)} (started {watch.StartedAt:u})", noticedAt)
        {
            Fields = fields,
        };
        var miss = new SlaMissRecord
        {
            RunId = watch.RunId, TaskId = watch.TaskId, MapIndex = watch.MapIndex, Kind = "max_duration",
            Deadline = watch.StartedAt + watch.Max, NoticedAt = noticedAt,
        };
        _ = RecordAndRaiseAsync(miss, alert);
    }

    /// <summary>Runs on the timer's thread pool callback: the store write must not block the timer queue.</summary>
    private async Task RecordAndRaiseAsync(SlaMissRecord miss, Alert alert)
    {
        try
        {
            if (!await store.RecordSlaMissAsync(miss).ConfigureAwait(false))
            {
                return;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A store that cannot take the record must not silence the miss: alert anyway, unrecorded.
            LogNotRecorded(logger, miss.RunId, ex);
        }
        metrics.SlaMissed(alert.PipelineId);
        notifier.Raise(alert);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the SLA miss of run {RunId}")]
    private static partial void LogNotRecorded(ILogger logger, string runId, Exception exception);

    private sealed class Watch(SlaMonitor owner, string runId, string pipelineId, string? taskId, int mapIndex, TimeSpan max, DateTimeOffset startedAt)
    {
        public SlaMonitor Owner { get; } = owner;
        public string RunId { get; } = runId;
        public string PipelineId { get; } = pipelineId;
        public string? TaskId { get; } = taskId;
        public int MapIndex { get; } = mapIndex;
        public TimeSpan Max { get; } = max;
        public DateTimeOffset StartedAt { get; } = startedAt;
        public string Key { get; } = KeyOf(runId, taskId, mapIndex);
        public ITimer? Timer { get; set; }

        public volatile bool Armed;

        public static string KeyOf(string runId, string? taskId, int mapIndex) =>
            taskId is null ? runId : string.Create(CultureInfo.InvariantCulture, $"{runId}\0{taskId}\0{mapIndex}");
    }
}
