using Sluice.Actions;
using Sluice.Cli.Output;
using Sluice.Definition;
using Sluice.Distributed;
using Sluice.State;
using Spectre.Console;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice run --distributed</c>: queue the run for workers and follow it to its end.</summary>
internal static class DistributedRun
{
    public static async Task<int> StartAndWaitAsync(IStateStore store, ActionRegistry actions, PipelineDefinition definition, PipelineVersionRecord version,
        IReadOnlyDictionary<string, object?> inputs, CancellationToken cancellationToken)
    {
        DistributedRuns runs;
        try
        {
            runs = new DistributedRuns(store, new WorkerOptions { Actions = actions });
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message);
        }
        var run = await runs.StartAsync(definition, version, inputs, cancellationToken: cancellationToken).ConfigureAwait(false);
        Terminal.Note($"queued run {run.RunId} of {run.PipelineId} for workers (start some with 'sluice worker --store ...'); waiting for it to end");
        while (!run.State.IsFinal())
        {
            run = await runs.WaitAsync(run.RunId, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        }
        var color = run.State == RunState.Succeeded ? "green" : "red";
        var took = run.StartedAt is { } a && run.EndedAt is { } b ? $" in {(b - a).TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}s" : "";
        Terminal.Diag.MarkupLine($"Run {run.RunId}: [{color}]{run.State.ToName()}[/]{took}" + (run.Error is null ? "" : $": {Markup.Escape(run.Error)}"));
        return run.State switch
        {
            RunState.Succeeded => ExitCodes.Success,
            RunState.Cancelled => ExitCodes.Interrupted,
            _ => ExitCodes.RunFailed,
        };
    }
}
