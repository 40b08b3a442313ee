using Sluice.Execution;
using Sluice.Execution.Semantics;
using Sluice.State;

namespace Sluice.Distributed;

/// <summary>
/// Applies attempt outcomes inside one transaction, with the embedded executor's semantics: retries with
/// backoff, item counts of mapped tasks, then every consequence downstream (ready, skipped,
/// upstream_failed, expanded) and the run's end. One instance per transaction attempt.
/// </summary>
internal sealed partial class DagAdvancer
{
    private readonly IWorkTransaction _tx;
    private readonly WorkerOptions _options;
    private readonly DateTimeOffset _now;
    private readonly StateBatch _batch = new();
    private readonly List<NewWorkItem> _work = [];
    private readonly SortedDictionary<string, RunDelta> _runs = new(StringComparer.Ordinal);

    public DagAdvancer(IWorkTransaction tx, WorkerOptions options, DateTimeOffset now)
    {
        _tx = tx;
        _options = options;
        _now = now;
    }

    /// <summary>Runs changed by this transaction (merge their overlays into the cache after commit).</summary>
    public IEnumerable<RunDelta> Runs => _runs.Values;

    /// <summary>True when the transaction queued new work.</summary>
    public bool QueuedWork => _work.Count > 0;

    /// <summary>Applies the outcomes whose lease this worker still holds; returns how many were applied.</summary>
    public async Task<int> CompleteAsync(IReadOnlyList<TaskOutcome> outcomes, CancellationToken cancellationToken)
    {
        var ids = new long[outcomes.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = outcomes[i].Work.Id;
        }
        // Only outcomes of leases still ours count: a lease that expired was re-queued, and the new attempt decides.
        var released = await _tx.ReleaseAsync(_options.WorkerId, ids, cancellationToken).ConfigureAwait(false);
        var held = new Dictionary<long, string?>(released.Count);
        foreach (var r in released)
        {
            held[r.Id] = r.CancelReason;
        }
        await ApplyAsync(outcomes, held, cancellationToken).ConfigureAwait(false);
        return held.Count;
    }

    /// <summary>
    /// Records the outcomes of items taken out of the queue (<paramref name="held"/>: id → cancel reason of its run,
    /// or null), then every consequence: item counts, dependents, the run's end.
    /// </summary>
    private async Task ApplyAsync(IReadOnlyList<TaskOutcome> outcomes, Dictionary<long, string?> held, CancellationToken cancellationToken)
    {
        var maps = new SortedDictionary<(string Run, string Task), (int Finished, int Failed)>();
        foreach (var o in outcomes)
        {
            if (!held.TryGetValue(o.Work.Id, out var cancelReason))
            {
                continue;
            }
            if (cancelReason is not null)
            {
                var stopping = Delta(o.Run);
                stopping.CancelReason ??= StopReason.Text(cancelReason);
                stopping.FailsRun |= StopReason.FailsRun(cancelReason);
            }
            _batch.Logs.AddRange(o.Logs);
            var item = o.Work.MapIndex >= 0;
            var state = Apply(o, cancelReason is not null || Delta(o.Run).CancelReason is not null);
            if (o.Failure is { FailsRun: true } && state == TaskState.Failed && Delta(o.Run) is { CancelReason: null } failing)
            {
                // As in the embedded executor: the task fails, and the rest of the run is stopped (below) and fails with it.
                failing.CancelReason = RunErrors.FailedBy(o.Node.Id, o.Error);
                failing.FailsRun = true;
                failing.StopPending = true;
            }
            if (item && state is TaskState.Succeeded or TaskState.Failed or TaskState.Cancelled)
            {
                var key = (o.Run.Run.RunId, o.Node.Id);
                var (f, x) = maps.GetValueOrDefault(key);
                maps[key] = (f + 1, x + (state == TaskState.Succeeded ? 0 : 1));
                Delta(o.Run);
            }
        }
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        foreach (var ((runId, taskId), (finished, failed)) in maps)
        {
            await AdvanceMapAsync(_runs[runId], taskId, finished, failed, cancellationToken).ConfigureAwait(false);
        }
        await CascadeAsync(cancellationToken).ConfigureAwait(false);
        foreach (var delta in _runs.Values.Where(static d => d.StopPending).ToList())
        {
            await StopFailedRunAsync(delta, cancellationToken).ConfigureAwait(false);
        }
        await FinishRunsAsync(cancellationToken).ConfigureAwait(false);
        await WriteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records one outcome; returns the instance's new state. In a run being cancelled nothing is retried.</summary>
    private TaskState Apply(TaskOutcome o, bool runCancelling)
    {
        var w = o.Work;
        var runId = o.Run.Run.RunId;
        if (o.Kind == AttemptEnd.Succeeded)
        {
            _batch.Attempts.Add(new AttemptRecord(runId, o.Node.Id, w.MapIndex, w.Attempt, TaskState.Succeeded, o.StartedAt, o.EndedAt, null, _options.WorkerId) { Usage = o.Usage });
            _batch.Lineage.AddRange(o.Lineage);
            _batch.Marks.AddRange(o.Marks);
            if (w.MapIndex >= 0)
            {
                _batch.Tasks.Add(Row(o, TaskState.Succeeded, null) with { OutputsJson = o.OutputsJson });
            }
            else
            {
                Final(Delta(o.Run), o.Node, TaskState.Succeeded, null, TaskOutputs.WithDeclared(o.Outputs, o.Node.Definition.Outputs), o.OutputsJson ?? "{}", w.Attempt, o.StartedAt);
            }
            return TaskState.Succeeded;
        }
        // Attempts lost with a dead worker do not count against the task's retries.
        if (RetryDecision.Decide(o.Node.Policy, o.Failure!.Value, w.Attempt - w.Lost, runCancelling, _options.Jitter) is { } delay)
        {
            _batch.Attempts.Add(new AttemptRecord(runId, o.Node.Id, w.MapIndex, w.Attempt, TaskState.UpForRetry, o.StartedAt, o.EndedAt, o.Error, _options.WorkerId) { Usage = o.Usage });
            _batch.Tasks.Add(Row(o, TaskState.UpForRetry, o.Error) with { EndedAt = null });
            _work.Add(new NewWorkItem(runId, o.Node.Id, w.MapIndex, w.Queue, o.Node.Definition.Priority, _now + delay, w.Attempt, w.Lost));
            return TaskState.UpForRetry;
        }
        // As in the embedded executor: an attempt stopped by the cancel is cancelled; one that failed on its own stays failed.
        var state = o.Kind == AttemptEnd.Cancelled ? TaskState.Cancelled : TaskState.Failed;
        _batch.Attempts.Add(new AttemptRecord(runId, o.Node.Id, w.MapIndex, w.Attempt, state, o.StartedAt, o.EndedAt, o.Error, o.Worker ?? _options.WorkerId) { Usage = o.Usage });
        if (w.MapIndex >= 0)
        {
            _batch.Tasks.Add(Row(o, state, o.Error));
        }
        else
        {
            Final(Delta(o.Run), o.Node, state, o.Error, null, null, w.Attempt, o.StartedAt);
        }
        return state;
    }

    private static TaskInstanceRecord Row(TaskOutcome o, TaskState state, string? error) => new()
    {
        RunId = o.Run.Run.RunId, TaskId = o.Node.Id, MapIndex = o.Work.MapIndex, State = state, Attempt = o.Work.Attempt,
        StartedAt = o.StartedAt, EndedAt = o.EndedAt, Error = error,
    };

    private RunDelta Delta(RunContext context)
    {
        if (!_runs.TryGetValue(context.Run.RunId, out var delta))
        {
            _runs[context.Run.RunId] = delta = new RunDelta(context);
        }
        return delta;
    }

    /// <summary>Writes what is collected so far (row locks on hot counters are taken after, and held briefly).</summary>
    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!_batch.IsEmpty)
        {
            await _tx.WriteAsync(_batch, cancellationToken).ConfigureAwait(false);
            _batch.Tasks.Clear();
            _batch.Attempts.Clear();
            _batch.Logs.Clear();
            _batch.Runs.Clear();
        }
    }

    /// <summary>Writes the remaining rows and queues the new work.</summary>
    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        if (_work.Count > 0)
        {
            await _tx.InsertWorkAsync(_work, cancellationToken).ConfigureAwait(false);
        }
    }
}
