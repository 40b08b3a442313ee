using Sluice.State;

namespace Sluice.Server.Runs;

public sealed partial class RunHost
{
    /// <summary>
    /// Cancels a queued run at once, or asks an executing one to stop (recorded as cancelled, resumable). A run
    /// executed by <c>sluice worker</c> processes (started with <c>--no-execute</c> or <c>sluice run --distributed</c>)
    /// is cancelled in the shared store: its workers stop its attempts.
    /// </summary>
    /// <returns>The outcome and, when refused, why.</returns>
    public async Task<(RunCommandResult Result, string? Reason)> CancelAsync(string runId, CancellationToken cancellationToken = default)
    {
        if (_waiting.TryRemove(runId, out var queued))
        {
            await RecordNotExecutedAsync(queued, RunState.Cancelled, "cancelled by request before it started").ConfigureAwait(false);
            _completions.Ended(runId);
            return (RunCommandResult.Accepted, null);
        }
        if (_executing.TryGetValue(runId, out var cts))
        {
            await cts.CancelAsync().ConfigureAwait(false);
            return (RunCommandResult.Accepted, null);
        }
        var stored = await _store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return (RunCommandResult.NotFound, null);
        }
        if (stored.State.IsFinal())
        {
            return (RunCommandResult.Conflict, $"run '{runId}' already ended ({stored.State.ToName()})");
        }
        var cancel = await _distributed.CancelAsync(runId, cancellationToken: cancellationToken).ConfigureAwait(false);
        switch (cancel.Outcome)
        {
            case Distributed.CancelOutcome.Cancelled or Distributed.CancelOutcome.Stopping:
                return (RunCommandResult.Accepted, null);
            case Distributed.CancelOutcome.AlreadyEnded:
                return (RunCommandResult.Conflict, $"run '{runId}' already ended ({cancel.Run?.State.ToName()})");
            case Distributed.CancelOutcome.NotFound:
                return (RunCommandResult.NotFound, null);
        }
        return (RunCommandResult.Conflict, $"run '{runId}' is not executing in this server (lease owner: {stored.LeaseOwner ?? "none"}); cancel it where it runs");
    }

    /// <summary>
    /// Records a run that never reached the executor (or its own cancel handling) as ended in <paramref name="state"/>
    /// (cancelled, or skipped at its pipeline's <c>max_active_runs</c>), unless it already ended.
    /// </summary>
    /// <returns>The record as stored, or null when the run is gone or had ended.</returns>
    private async Task<RunRecord?> RecordNotExecutedAsync(QueuedRun queued, RunState state, string reason)
    {
        var run = await _store.GetRunAsync(queued.RunId, CancellationToken.None).ConfigureAwait(false);
        if (run is null || run.State.IsFinal())
        {
            return null;
        }
        var now = _options.Time.GetUtcNow();
        var ended = run with { State = state, EndedAt = now, Error = reason };
        var batch = new StateBatch();
        batch.Runs.Add(ended);
        await _store.CommitAsync(batch, CancellationToken.None).ConfigureAwait(false);
        await _store.ReleaseRunLeaseAsync(queued.RunId, ExecutorOptions.WorkerId, CancellationToken.None).ConfigureAwait(false);
        ExecutorOptions.Observer!.RunFinished(new Execution.RunOutcome(queued.RunId, queued.PipelineId, state, new Dictionary<string, TaskState>(), reason, run.CreatedAt, now));
        return ended with { LeaseOwner = null, LeaseExpiresAt = null };
    }

    /// <summary>Queues a failed, cancelled or crashed run to re-run its unfinished tasks with the definition version it started with.</summary>
    /// <returns>The outcome and, when refused, why.</returns>
    public async Task<(RunCommandResult Result, string? Reason)> ResumeAsync(string runId, CancellationToken cancellationToken = default)
    {
        var run = await _store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return (RunCommandResult.NotFound, null);
        }
        if (_waiting.ContainsKey(runId) || _executing.ContainsKey(runId))
        {
            return (RunCommandResult.Conflict, $"run '{runId}' is already queued or running");
        }
        if (run.State == RunState.Succeeded)
        {
            return (RunCommandResult.Conflict, $"run '{runId}' already succeeded; there is nothing to resume");
        }
        var now = _options.Time.GetUtcNow();
        if (!run.State.IsFinal() && run.LeaseOwner is not null && run.LeaseExpiresAt >= now && !Execution.Leases.LocalWorkerId.IsDeadLocalOwner(run.LeaseOwner))
        {
            return (RunCommandResult.Conflict, $"run '{runId}' is being executed by {run.LeaseOwner}");
        }
        var definition = await _definitions.GetAsync(run.PipelineId, run.VersionHash, cancellationToken).ConfigureAwait(false);
        if (definition is null)
        {
            return (RunCommandResult.Conflict, $"the definition version {run.VersionHash} of run '{runId}' is missing from the store or no longer validates");
        }
        Enqueue(run, definition);
        return (RunCommandResult.Accepted, null);
    }
}
