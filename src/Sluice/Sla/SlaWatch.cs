using System.Collections.Concurrent;
using System.Globalization;
using Sluice.Definition;
using Sluice.Execution;
using Sluice.State;

namespace Sluice.Sla;

/// <summary>
/// Watches SLAs while runs execute: the <c>sla: {max_duration}</c> of pipelines and of tasks (a timer per executing run
/// of a pipeline that declares one, and per running task instance that declares one), and a pipeline's
/// <c>sla: {done_by}</c> for runs its schedule started (a timer at <see cref="SlaDoneBy.DeadlineFor"/> of the run's
/// logical date; a run that starts after it misses at once). When a timer fires before its run
/// (or task) ends, the miss is recorded on the run (<see cref="IStateStore.RecordSlaMissAsync"/>) and, if the store
/// says it is new, handed to the owner's callback: the server alerts and counts it, <c>sluice run</c> warns on stderr.
/// A run's duration counts from when it starts executing (again from a resume); a task's from its first attempt
/// starting, retries included. The store decides "once": two watchers of one run report a miss once.
/// Runs without timers here — executed by other processes (<c>sluice worker</c>, another server) or not started yet —
/// are checked against the same deadlines from their stored records by <see cref="SweepAsync"/>.
/// </summary>
public sealed partial class SlaWatch : IRunObserver
{
    private static readonly TimeSpan ArmingSlack = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, Watch> _watches = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _missedTasks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _pending = new();
    private readonly ConcurrentDictionary<string, byte> _active = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _swept = new(StringComparer.Ordinal);
    private readonly Func<string, PipelineDefinition?> _definitionOf;
    private readonly IStateStore _store;
    private readonly TimeProvider _time;
    private readonly Action<SlaMissed> _missed;

    /// <summary>Creates a watch.</summary>
    /// <param name="definitionOf">The definition a run executes, by run id; null for a run not to watch.</param>
    /// <param name="store">Where misses are recorded.</param>
    /// <param name="time">The clock the timers run on.</param>
    /// <param name="missed">Called once per new miss, on a thread-pool thread, after the store has it (or failed to take it).</param>
    public SlaWatch(Func<string, PipelineDefinition?> definitionOf, IStateStore store, TimeProvider time, Action<SlaMissed> missed)
    {
        ArgumentNullException.ThrowIfNull(definitionOf);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(missed);
        _definitionOf = definitionOf;
        _store = store;
        _time = time;
        _missed = missed;
    }

    /// <summary>Runs and task instances watched now (their timers armed).</summary>
    public int Watching => _watches.Values.Count(w => w.Armed);

    /// <inheritdoc />
    public void RunStarted(string runId, string pipelineId, int taskCount)
    {
        _active[runId] = 0;
        var definition = _definitionOf(runId);
        if (definition?.SlaMaxDuration is { } max)
        {
            var now = _time.GetUtcNow();
            Arm(new Watch(this, runId, pipelineId, null, -1, SlaMissRecord.MaxDurationKind, max, now, now + max));
        }
        if (definition?.SlaDoneBy is { } doneBy)
        {
            Track(WatchDoneByAsync(runId, pipelineId, doneBy));
        }
    }

    /// <summary>The run's trigger and logical date are in the store, not in the observer's events: read them first.</summary>
    private async Task WatchDoneByAsync(string runId, string pipelineId, SlaDoneBy doneBy)
    {
        await Task.Yield();
        if (await _store.GetRunAsync(runId).ConfigureAwait(false) is not { Trigger: "cron" or "interval", LogicalDate: { } logicalDate })
        {
            return;
        }
        var watch = new Watch(this, runId, pipelineId, null, -1, SlaMissRecord.DoneByKind, null, logicalDate, doneBy.DeadlineFor(logicalDate));
        if (!_active.ContainsKey(runId))
        {
            return;
        }
        Arm(watch);
        // RunFinished forgets the run before it disarms its watches: if it ran while this one was being armed, disarm here.
        if (!_active.ContainsKey(runId) && _watches.TryRemove(new KeyValuePair<string, Watch>(watch.Key, watch)))
        {
            watch.Timer?.Dispose();
        }
    }

    /// <inheritdoc />
    public void TaskChanged(string runId, string taskId, int mapIndex, TaskState state, int attempt, string? message)
    {
        switch (state)
        {
            case TaskState.Running:
                var key = Watch.KeyOf(runId, taskId, mapIndex);
                // A retry keeps the first attempt's deadline (the task's SLA covers all its attempts), and one that
                // starts after the miss does not miss again.
                if (!_watches.ContainsKey(key) && !_missedTasks.ContainsKey(key)
                    && _definitionOf(runId) is { } definition
                    && definition.Tasks.FirstOrDefault(t => t.Id == taskId)?.SlaMaxDuration is { } max)
                {
                    var now = _time.GetUtcNow();
                    Arm(new Watch(this, runId, definition.Id, taskId, mapIndex, SlaMissRecord.MaxDurationKind, max, now, now + max));
                }
                break;
            case TaskState.Succeeded or TaskState.Failed or TaskState.Skipped or TaskState.UpstreamFailed or TaskState.Cancelled:
                var ended = Watch.KeyOf(runId, taskId, mapIndex);
                _missedTasks.TryRemove(ended, out _);
                if (_watches.TryRemove(ended, out var watch))
                {
                    watch.Timer?.Dispose();
                }
                break;
        }
    }

    /// <inheritdoc />
    public void TaskExpanded(string runId, string taskId, int count)
    {
    }

    /// <inheritdoc />
    public void RunFinished(RunOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        _active.TryRemove(outcome.RunId, out _);
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

    /// <summary>Waits until every miss noticed so far is recorded and reported (a CLI does before it prints the summary).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task DrainAsync(CancellationToken cancellationToken = default) => Task.WhenAll(_pending.Keys).WaitAsync(cancellationToken);

    private void Arm(Watch watch)
    {
        // The timer exists (disarmed) before the watch is visible, and is armed for the start + max, whatever time has
        // passed meanwhile: the deadline never slides.
        watch.Timer = _time.CreateTimer(static s => ((Watch)s!).Owner.Missed((Watch)s!), watch, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (_watches.TryRemove(watch.Key, out var previous))
        {
            previous.Timer?.Dispose();
        }
        _watches[watch.Key] = watch;
        // A timer's due time is relative to "now": if the clock moves on while it is being armed (a thread preempted
        // for a while, a test's fake clock advanced), arm it again so the deadline stays put.
        DateTimeOffset armedAt;
        do
        {
            armedAt = _time.GetUtcNow();
            var remaining = watch.Deadline - armedAt;
            watch.Timer.Change(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
        while (_time.GetUtcNow() - armedAt > ArmingSlack);
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
        Report(watch, _time.GetUtcNow());
    }

    /// <summary>Records and reports <paramref name="watch"/>'s miss off the caller's thread; the returned task is tracked until it ends.</summary>
    private Task Report(Watch watch, DateTimeOffset noticedAt)
    {
        var miss = new SlaMissRecord
        {
            RunId = watch.RunId, TaskId = watch.TaskId, MapIndex = watch.MapIndex, Kind = watch.Kind, Deadline = watch.Deadline, NoticedAt = noticedAt,
        };
        var recording = RecordAndReportAsync(new SlaMissed(miss, watch.PipelineId, watch.Max, watch.StartedAt));
        Track(recording);
        return recording;
    }

    private void Track(Task task)
    {
        _pending.TryAdd(task, 0);
        task.ContinueWith(static (t, s) => ((ConcurrentDictionary<Task, byte>)s!).TryRemove(t, out _), _pending, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task RecordAndReportAsync(SlaMissed missed)
    {
        // Off the timer's callback: the store write must not hold up the timer queue.
        await Task.Yield();
        try
        {
            if (!await _store.RecordSlaMissAsync(missed.Miss).ConfigureAwait(false))
            {
                return;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A store that cannot take the record must not silence the miss: report it anyway, unrecorded.
            missed = missed with { RecordError = ex };
        }
        _missed(missed);
    }

    private sealed class Watch(SlaWatch owner, string runId, string pipelineId, string? taskId, int mapIndex, string kind, TimeSpan? max, DateTimeOffset startedAt, DateTimeOffset deadline)
    {
        public SlaWatch Owner { get; } = owner;
        public string RunId { get; } = runId;
        public string PipelineId { get; } = pipelineId;
        public string? TaskId { get; } = taskId;
        public int MapIndex { get; } = mapIndex;
        public string Kind { get; } = kind;
        public TimeSpan? Max { get; } = max;
        public DateTimeOffset StartedAt { get; } = startedAt;
        public DateTimeOffset Deadline { get; } = deadline;
        public string Key { get; } = kind == SlaMissRecord.DoneByKind ? runId + "\0" + kind : KeyOf(runId, taskId, mapIndex);
        public ITimer? Timer { get; set; }

        public volatile bool Armed;

        public static string KeyOf(string runId, string? taskId, int mapIndex) =>
            taskId is null ? runId : string.Create(CultureInfo.InvariantCulture, $"{runId}\0{taskId}\0{mapIndex}");
    }
}
