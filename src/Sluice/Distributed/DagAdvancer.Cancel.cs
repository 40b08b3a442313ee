using Sluice.Execution.Semantics;
using Sluice.State;

namespace Sluice.Distributed;

internal sealed partial class DagAdvancer
{
    /// <summary>
    /// Cancels a run in this transaction, with the embedded executor's final states: queued work is removed,
    /// every task neither final nor running becomes <c>cancelled</c>, running items are told to stop, and the
    /// run ends <c>cancelled</c> now when nothing of it runs (else when its last running attempt has stopped).
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="context">Loads the run's context (its pipeline); called only for a distributed run not yet final.</param>
    /// <param name="reason">Recorded as the run's and the unfinished tasks' error.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What happened and how many attempts are still stopping.</returns>
    public async Task<(CancelOutcome Outcome, int Running)> CancelAsync(string runId, Func<Task<RunContext>> context, string reason, CancellationToken cancellationToken)
    {
        var state = await _tx.LockRunAsync(runId, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            return (CancelOutcome.NotDistributed, 0);
        }
        if (state.Value.IsFinal())
        {
            return (CancelOutcome.AlreadyEnded, 0);
        }
        var (delta, running) = await StopAsync(runId, context, reason, failsRun: false, cancellationToken).ConfigureAwait(false);
        if (delta is null)
        {
            return (CancelOutcome.Stopping, running);
        }
        await FinishRunsAsync(cancellationToken).ConfigureAwait(false);
        await WriteAsync(cancellationToken).ConfigureAwait(false);
        return delta.RunEnded ? (CancelOutcome.Cancelled, 0) : (CancelOutcome.Stopping, running);
    }

    /// <summary>Stops the rest of a run whose task failed it in this transaction (the run row is locked first, as a cancel does).</summary>
    private async Task StopFailedRunAsync(RunDelta delta, CancellationToken cancellationToken)
    {
        delta.StopPending = false;
        var runId = delta.Context.Run.RunId;
        if (await _tx.LockRunAsync(runId, cancellationToken).ConfigureAwait(false) is not { } state || state.IsFinal())
        {
            return;
        }
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        await StopAsync(runId, () => Task.FromResult(delta.Context), delta.CancelReason!, failsRun: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops a run's work: queued items are removed, running ones told to stop, and every task neither final nor running
    /// becomes <c>cancelled</c>; the caller then finishes the run (it ends when nothing of it runs). Returns the run's
    /// delta, or null when the run was already stopping, and how many attempts are still stopping.
    /// </summary>
    private async Task<(RunDelta? Delta, int Running)> StopAsync(string runId, Func<Task<RunContext>> context, string reason, bool failsRun, CancellationToken cancellationToken)
    {
        var stop = await _tx.StopRunWorkAsync(runId, StopReason.Encode(reason, failsRun), cancellationToken).ConfigureAwait(false);
        if (stop.AlreadyStopping)
        {
            return (null, stop.Running.Count);
        }
        var delta = Delta(await context().ConfigureAwait(false));
        delta.CancelReason = reason;
        delta.FailsRun = failsRun;
        var runningTasks = new HashSet<string>(StringComparer.Ordinal);
        var runningItems = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in stop.Running)
        {
            runningTasks.Add(r.TaskId);
            if (r.MapIndex >= 0)
            {
                runningItems[r.TaskId] = runningItems.GetValueOrDefault(r.TaskId) + 1;
            }
        }
        foreach (var r in stop.Removed)
        {
            if (r.MapIndex >= 0)
            {
                _batch.Tasks.Add(new TaskInstanceRecord { RunId = runId, TaskId = r.TaskId, MapIndex = r.MapIndex, State = TaskState.Cancelled, Attempt = r.Attempt, EndedAt = _now, Error = reason });
            }
        }
        foreach (var (taskId, running) in runningItems)
        {
            await _tx.StopMapAsync(runId, taskId, running, cancellationToken).ConfigureAwait(false);
        }
        var model = delta.Context.Model;
        var rows = (await _tx.GetTaskRowsAsync(runId, [.. model.Nodes.Select(static n => n.Id)], cancellationToken).ConfigureAwait(false))
            .ToDictionary(static r => r.TaskId, StringComparer.Ordinal);
        foreach (var node in model.Nodes)
        {
            var row = rows.GetValueOrDefault(node.Id);
            // Tasks made final earlier in this transaction are in the overlay, not yet in the rows read above.
            if (row?.State.IsFinal() == true || runningTasks.Contains(node.Id) || delta.Overlay.ContainsKey(node.Id))
            {
                continue;
            }
            Final(delta, node, TaskState.Cancelled, reason, null, null, row?.Attempt ?? 0, row?.StartedAt, row?.MapCount);
        }
        delta.PendingDependencies.Clear();
        return (delta, stop.Running.Count);
    }

    /// <summary>
    /// Records as cancelled the items told to stop whose worker died before committing them (lease expired),
    /// optionally of one run, with every consequence (a mapped task's end, the run's end). Returns how many.
    /// </summary>
    public async Task<int> ReapStrandedAsync(string? runId, Func<string, Task<RunContext>> contexts, CancellationToken cancellationToken)
    {
        var stranded = await _tx.TakeStrandedAsync(_now, runId, cancellationToken).ConfigureAwait(false);
        if (stranded.Count == 0)
        {
            return 0;
        }
        var outcomes = new List<TaskOutcome>(stranded.Count);
        var held = new Dictionary<long, string?>(stranded.Count);
        foreach (var s in stranded)
        {
            var run = await contexts(s.Work.RunId!).ConfigureAwait(false);
            outcomes.Add(new TaskOutcome
            {
                Work = s.Work, Run = run, Node = run.Model.Node(s.Work.TaskId!), StartedAt = s.StartedAt ?? _now, EndedAt = _now, Worker = s.Owner,
                Failure = new AttemptFailure(AttemptEnd.Cancelled, $"cancelled: {StopReason.Text(s.CancelReason)} (worker {s.Owner} stopped renewing its lease before the attempt ended)", Transient: false, FailsRun: false),
            });
            held[s.Work.Id] = s.CancelReason;
        }
        await ApplyAsync(outcomes, held, cancellationToken).ConfigureAwait(false);
        return stranded.Count;
    }
}
