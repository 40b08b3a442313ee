using Sluice.Actions;
using Sluice.Cli.Output;
using Sluice.Definition;
using Sluice.Distributed;
using Sluice.State;
using Sluice.Stores;
using Spectre.Console;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice run --distributed</c>: queue the run for workers and follow it to its end. Ctrl-C cancels the run
/// (the workers stop its attempts) and waits a few seconds for it to end; a succeeded run's <c>result</c> is
/// printed on stdout as for an embedded run.
/// </summary>
internal static class DistributedRun
{
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(10);

    public static async Task<int> StartAndWaitAsync(SluiceStore store, ActionRegistry actions, PipelineDefinition definition, PipelineVersionRecord version,
        IReadOnlyDictionary<string, object?> inputs, CancellationToken cancellationToken)
    {
        var runs = new DistributedRuns(store, new WorkerOptions { Actions = actions });
        var run = await runs.StartAsync(definition, version, inputs, cancellationToken: cancellationToken).ConfigureAwait(false);
        Terminal.Note($"queued run {run.RunId} of {run.PipelineId} for workers (start some with 'sluice worker --store ...'); waiting for it to end");
        try
        {
            while (!run.State.IsFinal())
            {
                run = await runs.WaitAsync(run.RunId, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            run = await CancelAsync(runs, run.RunId).ConfigureAwait(false);
        }
        var color = run.State == RunState.Succeeded ? "green" : "red";
        var took = run.StartedAt is { } a && run.EndedAt is { } b ? $" in {(b - a).TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}s" : "";
        Terminal.Diag.MarkupLine($"Run {run.RunId}: [{color}]{run.State.ToName()}[/]{took}" + (run.Error is null ? "" : $": {Markup.Escape(run.Error)}"));
        if (run.State == RunState.Succeeded && run.ResultJson is { } result)
        {
            // The result line is the only thing on stdout, so scripts can read it.
            await Console.Out.WriteLineAsync(result).ConfigureAwait(false);
        }
        return run.State switch
        {
            RunState.Succeeded => ExitCodes.Success,
            RunState.Failed => ExitCodes.RunFailed,
            _ => ExitCodes.Interrupted,
        };
    }

    /// <summary>Ctrl-C: cancels the run in the store and gives the workers a few seconds to stop its attempts.</summary>
    private static async Task<RunRecord> CancelAsync(DistributedRuns runs, string runId)
    {
        var cancel = await runs.CancelAsync(runId, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        switch (cancel.Outcome)
        {
            case CancelOutcome.Stopping:
                Terminal.Note($"interrupted: cancelling run {runId}; asked the workers to stop its {cancel.Running} running task(s)");
                break;
            case CancelOutcome.Cancelled:
                Terminal.Note($"interrupted: cancelled run {runId} (nothing of it was running)");
                break;
            default:
                Terminal.Note($"interrupted: run {runId} had already ended");
                break;
        }
        var run = await runs.WaitAsync(runId, StopWait, CancellationToken.None).ConfigureAwait(false);
        if (!run.State.IsFinal())
        {
            Terminal.Note($"run {runId} is still stopping; it ends cancelled when its workers have stopped (follow it with 'sluice show {runId}')");
        }
        return run;
    }
}
