using System.Collections.Concurrent;
using Sluice.Execution;
using Sluice.Server.Metrics;
using Sluice.Server.Runs;
using Sluice.State;

namespace Sluice.Server.Alerts;

/// <summary>
/// Watches <c>sla: {max_duration}</c>: a timer per executing run of a pipeline that declares one; when it
/// fires before the run ends, the miss is counted (<c>sluice_sla_misses_total</c>) and alerted once. The
/// duration counts from when the run starts executing (again from a resume).
/// </summary>
internal sealed class SlaMonitor(LiveRuns live, AlertNotifier notifier, ServerMetrics metrics, TimeProvider time) : IRunObserver
{
    private static readonly TimeSpan ArmingSlack = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, Watch> _watches = new(StringComparer.Ordinal);

    /// <summary>Runs watched now (their timers armed).</summary>
    public int Watching => _watches.Values.Count(w => w.Armed);

    public void RunStarted(string runId, string pipelineId, int taskCount)
    {
        if (live.Find(runId)?.Definition.SlaMaxDuration is not { } max)
        {
            return;
        }
        var watch = new Watch(this, runId, pipelineId, max, time.GetUtcNow());
        // The timer exists (disarmed) before the watch is visible, and is armed for the run's start + max,
        // whatever time has passed meanwhile: the deadline never slides.
        watch.Timer = time.CreateTimer(static s => ((Watch)s!).Owner.Missed((Watch)s!), watch, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (_watches.TryRemove(runId, out var previous))
        {
            previous.Timer?.Dispose();
        }
        _watches[runId] = watch;
        // A timer's due time is relative to "now": if the clock moves on while it is being armed (a thread
        // preempted for a while, a test's fake clock advanced), arm it again so the deadline stays put.
        DateTimeOffset armedAt;
        do
        {
            armedAt = time.GetUtcNow();
            var remaining = watch.StartedAt + max - armedAt;
            watch.Timer.Change(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
        while (time.GetUtcNow() - armedAt > ArmingSlack);
        watch.Armed = true;
    }


    public void TaskChanged(string runId, string taskId, int mapIndex, TaskState state, int attempt, string? message)
    {
    }

    public void TaskExpanded(string runId, string taskId, int count)
    {
    }

    public void RunFinished(RunOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (_watches.TryRemove(outcome.RunId, out var watch))
        {
            watch.Timer?.Dispose();
        }
    }

    private void Missed(Watch watch)
    {
        // Whoever removes the watch wins: the run's end or this timer, never both.
        if (!_watches.TryRemove(new KeyValuePair<string, Watch>(watch.RunId, watch)))
        {
            return;
        }
        watch.Timer?.Dispose();
        metrics.SlaMissed(watch.PipelineId);
        notifier.Raise(new Alert(AlertKind.SlaMissed, watch.PipelineId, watch.RunId, null,
            $"still running after its SLA of {Definition.DurationParser.Format(watch.Max)} (started {watch.StartedAt:u})", time.GetUtcNow())
        {
            Fields = new Dictionary<string, string>
            {
                ["max_duration_seconds"] = watch.Max.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["started_at"] = watch.StartedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            },
        });
    }

    private sealed class Watch(SlaMonitor owner, string runId, string pipelineId, TimeSpan max, DateTimeOffset startedAt)
    {
        public SlaMonitor Owner { get; } = owner;
        public string RunId { get; } = runId;
        public string PipelineId { get; } = pipelineId;
        public TimeSpan Max { get; } = max;
        public DateTimeOffset StartedAt { get; } = startedAt;
        public ITimer? Timer { get; set; }

        public volatile bool Armed;
    }
}
