using Sluice.Diagnostics;
using Sluice.State;

namespace Sluice.Distributed;

public sealed partial class DistributedRuns
{
    /// <summary>The reason recorded when none is given, as the embedded executor records a cancel.</summary>
    public const string DefaultCancelReason = "cancelled by request";

    /// <summary>
    /// Cancels a run that workers execute, in one transaction: its queued work is removed, every task neither
    /// final nor running becomes <c>cancelled</c>, and workers running its attempts are told to stop (at once where
    /// the store notifies them, else at their next lease check). Stopped attempts are recorded <c>cancelled</c> and
    /// never retried; the run ends <c>cancelled</c> with <paramref name="reason"/> when nothing of it runs any more,
    /// which is at once when nothing ran. Idempotent: calling it again while attempts stop changes nothing, except
    /// that attempts of workers that died meanwhile are recorded cancelled. <c>sluice resume</c> re-runs the
    /// unfinished tasks later.
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="reason">Why; recorded as the run's error. The default is <see cref="DefaultCancelReason"/>.</param>
    /// <param name="cancellationToken">Cancels the call (not the run).</param>
    /// <returns>What happened: <see cref="CancelOutcome.AlreadyEnded"/> for a run that had ended (nothing changes).</returns>
    /// <exception cref="SluiceException">The run's pipeline version cannot be loaded (a C# definition not in <see cref="WorkerOptions.Definitions"/>).</exception>
    public async Task<CancelResult> CancelAsync(string runId, string reason = DefaultCancelReason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var run = await _store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return new CancelResult(CancelOutcome.NotFound, null, 0);
        }
        if (run.State.IsFinal())
        {
            return new CancelResult(CancelOutcome.AlreadyEnded, run, 0);
        }
        var (outcome, running) = await _work.InTransactionAsync((this, runId, reason), static (tx, s, ct) =>
            new DagAdvancer(tx, s.Item1._options, s.Item1._options.Time.GetUtcNow()).CancelAsync(s.runId, () => s.Item1._contexts.GetAsync(s.runId, ct), s.reason, ct),
            cancellationToken).ConfigureAwait(false);
        if (outcome == CancelOutcome.Stopping)
        {
            // Attempts whose worker died while stopping them would otherwise wait for some live worker's reaper.
            await _work.InTransactionAsync((this, runId), static (tx, s, ct) =>
                new DagAdvancer(tx, s.Item1._options, s.Item1._options.Time.GetUtcNow()).ReapStrandedAsync(s.runId, id => s.Item1._contexts.GetAsync(id, ct), ct),
                cancellationToken).ConfigureAwait(false);
        }
        run = await _store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        if (outcome == CancelOutcome.Stopping && run?.State.IsFinal() == true)
        {
            (outcome, running) = (CancelOutcome.Cancelled, 0);
        }
        return new CancelResult(outcome, run, running);
    }

    /// <summary>
    /// The value of the pipeline's <c>result</c> of a succeeded run as JSON text (what <c>sluice run</c> prints),
    /// evaluated by the worker that finished the run and stored with it (<see cref="RunRecord.ResultJson"/>); null
    /// when the run does not exist, has not succeeded or the pipeline has no <c>result</c>.
    /// </summary>
    public async Task<string?> GetResultAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        var run = await _store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        return run?.ResultJson;
    }
}
