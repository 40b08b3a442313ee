using System.Globalization;
using Sluice.Execution;
using Sluice.State;
using Spectre.Console;

namespace Sluice.Cli.Output;

/// <summary>The end-of-run block: state, duration, task counts, failures, and where to look next.</summary>
internal static class SummaryPrinter
{
    public static async Task PrintAsync(RunOutcome outcome, IStateStore store, CancellationToken cancellationToken)
    {
        // A redirected stdout carries only results (e.g. a JSON line); the human summary goes to stderr.
        var console = Console.IsOutputRedirected ? Terminal.Diag : Terminal.Out;
        var color = outcome.State switch { RunState.Succeeded => "green", RunState.Failed => "red", _ => "yellow" };
        var counts = outcome.Tasks.Values.GroupBy(static s => s).OrderBy(static g => g.Key).Select(static g => $"{g.Count()} {g.Key.ToName()}");
        console.WriteLine();
        console.MarkupLine($"[bold]Run {Markup.Escape(outcome.RunId)}[/] of [bold]{Markup.Escape(outcome.PipelineId)}[/]: [{color}]{outcome.State.ToName()}[/] in {outcome.Duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)}s");
        console.MarkupLine($"  tasks: {Markup.Escape(string.Join(", ", counts))}");
        if (outcome.State != RunState.Succeeded)
        {
            var rows = await store.GetTaskInstancesAsync(outcome.RunId, cancellationToken).ConfigureAwait(false);
            foreach (var r in rows.Where(static r => r.State == TaskState.Failed).Take(10))
            {
                var where = r.MapIndex >= 0 ? $"{r.TaskId}[{r.MapIndex}]" : r.TaskId;
                console.MarkupLine($"  [red]✖ {Markup.Escape(where)}[/] (attempt {r.Attempt}): {Markup.Escape(r.Error ?? "")}");
            }
            if (outcome.Error is not null && outcome.State == RunState.Cancelled)
            {
                console.MarkupLine($"  [yellow]{Markup.Escape(outcome.Error)}[/]");
            }
            console.MarkupLine($"  [grey]logs: sluice logs {outcome.RunId}    resume: sluice resume {outcome.RunId}[/]");
        }
        else
        {
            console.MarkupLine($"  [grey]details: sluice show {outcome.RunId}[/]");
        }
    }
}
