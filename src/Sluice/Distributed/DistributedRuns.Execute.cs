using Sluice.Definition;
using Sluice.Execution;
using Sluice.State;

namespace Sluice.Distributed;

public sealed partial class DistributedRuns
{
    /// <summary>How long a cancelled run is given to end (its workers to stop its attempts) before the outcome is reported.</summary>
    private static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    /// <remarks>
    /// Nothing runs in this process: the store is polled until the run is final, and changes of its tasks are reported
    /// to the observer as they become visible. Cancelling <paramref name="cancellationToken"/> cancels the run in the
    /// store (<see cref="CancelAsync"/>: workers stop its attempts) and waits a few seconds for it to end; a run whose
    /// workers are still stopping then is reported <see cref="RunState.Cancelled"/>, which it becomes once they stop.
    /// </remarks>
    public async Task<RunOutcome> ExecuteAsync(PipelineDefinition definition, RunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(run);
        var follower = new RunFollower(_work, definition, run.RunId, _observer);
        _observer?.RunStarted(run.RunId, run.PipelineId, definition.Tasks.Count);
        if (!run.State.IsFinal())
        {
            _options.Log?.Invoke($"run {run.RunId} of {run.PipelineId} is queued for workers; waiting for it to end");
        }
        RunRecord final;
        try
        {
            final = await WaitAsync(run.RunId, TimeSpan.MaxValue, follower, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            final = await StopAsync(run.RunId, follower).ConfigureAwait(false);
        }
        var outcome = await follower.OutcomeAsync(final, _options.Time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        _observer?.RunFinished(outcome);
        return outcome;
    }

    /// <summary>The caller gave up waiting: cancels the run and gives its workers a few seconds to stop its attempts.</summary>
    private async Task<RunRecord> StopAsync(string runId, RunFollower follower)
    {
        var cancel = await CancelAsync(runId, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        _options.Log?.Invoke(cancel.Outcome switch
        {
            CancelOutcome.Stopping => $"interrupted: cancelling run {runId}; asked the workers to stop its {cancel.Running} running task(s)",
            CancelOutcome.Cancelled => $"interrupted: cancelled run {runId} (nothing of it was running)",
            _ => $"interrupted: run {runId} had already ended",
        });
        var run = await WaitAsync(runId, CancelGrace, follower, CancellationToken.None).ConfigureAwait(false);
        if (run.State.IsFinal())
        {
            return run;
        }
        _options.Log?.Invoke($"run {runId} is still stopping; it ends cancelled when its workers have stopped");
        return run with { State = RunState.Cancelled, Error = run.Error ?? DefaultCancelReason };
    }
}
