using System.CommandLine;
using System.Globalization;
using Sluice.Cli.Output;
using Sluice.State;
using Spectre.Console;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice show RUN</c>: a run (with its <c>result</c>) and its tasks with states, attempts, durations and errors, then
/// its <c>&lt;AUTO&gt;</c> decisions and what it spent on models.
/// </summary>
internal static class ShowCommand
{
    public static Command Create()
    {
        var runId = new Argument<string>("run") { Description = "The run id." };
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var cmd = new Command("show", "Show a run and its tasks.") { runId, store, json };
        cmd.SetAction(async (parse, ct) =>
        {
            await using var opened = await CommonOptions.OpenStoreAsync(parse.GetValue(store), ct).ConfigureAwait(false);
            var st = opened.State;
            var id = parse.GetValue(runId)!;
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(await RunReport.ToJsonAsync(id, st, ct).ConfigureAwait(false));
                return ExitCodes.Success;
            }
            var run = await st.GetRunAsync(id, ct).ConfigureAwait(false) ?? throw new CliException($"run '{id}' not found; list runs with 'sluice runs'", ExitCodes.RunFailed);
            var rows = await st.GetTaskInstancesAsync(id, ct).ConfigureAwait(false);
            var o = Terminal.Out;
            o.MarkupLine($"[bold]{Markup.Escape(run.RunId)}[/]  pipeline [bold]{Markup.Escape(run.PipelineId)}[/]  {StateMarkup.Run(run.State)}  version {run.VersionHash[..Math.Min(12, run.VersionHash.Length)]}");
            o.MarkupLine($"  trigger {Markup.Escape(run.Trigger)}, created {run.CreatedAt:u}, inputs {Markup.Escape(run.InputsJson)}");
            if (run.Error is not null)
            {
                o.MarkupLine($"  [red]{Markup.Escape(run.Error)}[/]");
            }
            if (run.ResultJson is not null)
            {
                o.MarkupLine($"  result {Markup.Escape(run.ResultJson)}");
            }
            foreach (var miss in await st.GetSlaMissesAsync(id, ct).ConfigureAwait(false))
            {
                o.MarkupLine($"  [yellow]SLA missed[/]: {Markup.Escape(miss.Subject)} ({miss.Kind}), deadline {miss.Deadline:u}, noticed {miss.NoticedAt:u}");
            }
            var definition = await TaskOrder.DefinitionOfRunAsync(opened, run, ct).ConfigureAwait(false);
            var tasks = TaskWaits.Of(run, definition, TaskSummary.From(rows, definition is null ? null : TaskOrder.Of(definition)));
            // A run that has not ended says, for each task that is not running, why (as the run page does).
            var waiting = !run.State.IsFinal();
            var table = new Table().AddColumns("task", "state", "attempts", "items", "duration", waiting ? "error / waiting for" : "error");
            foreach (var (t, why) in tasks)
            {
                var d = t.StartedAt is { } a && t.EndedAt is { } b ? (b - a).TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + "s" : "";
                var items = t.Items is { } n ? $"{t.ItemsSucceeded}/{n}" + (t.ItemsFailed > 0 ? $" ({t.ItemsFailed} failed)" : "") : "";
                var note = why is null ? Markup.Escape(t.Error ?? "") : $"[yellow]{Markup.Escape(why)}[/]";
                table.AddRow(Markup.Escape(t.TaskId), StateMarkup.Task(t.State), t.Attempts.ToString(CultureInfo.InvariantCulture), items, d, note);
            }
            o.Write(table);
            var resources = TaskUsage.ByTask(await st.GetAttemptsAsync(id, cancellationToken: ct).ConfigureAwait(false));
            if (resources.Count > 0)
            {
                // Plain lines, never wrapped: one task's usage is one line to grep.
                o.MarkupLine("[bold]resources[/] [grey](all attempts; what the numbers mean: docs/execution.md#resource-usage)[/]");
                foreach (var (task, u) in resources.OrderBy(static p => p.Key, StringComparer.Ordinal))
                {
                    Console.Out.WriteLine($"  {task}: {TaskUsage.Describe(u)}");
                }
            }
            await StreamProgressPrinter.WriteAsync(opened, id, rows.Select(static r => r.TaskId).Distinct(), ct).ConfigureAwait(false);
            var models = await RunModelActivity.ReadAsync(st, id, ct).ConfigureAwait(false);
            var (usage, auto) = (models.Usage, models.Decisions);
            if (auto.Count > 0)
            {
                o.MarkupLine("[bold]<AUTO> decisions[/]");
                // Plain lines: a decision is one line of text to grep, never wrapped to the terminal's width.
                foreach (var l in auto)
                {
                    Console.Out.WriteLine($"  {l.TaskId}{(l.MapIndex >= 0 ? $"[{l.MapIndex}]" : "")}: {l.Text}");
                }
            }
            if (usage != ModelUsage.None)
            {
                o.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                    $"[bold]models[/]  {usage.Requests} requests, {usage.Cached} cached, {usage.Failed} failed, tokens {usage.InputTokens} in / {usage.OutputTokens} out{(usage.Cost is { } c ? $", cost {c:0.######}" : "")}"));
            }
            return run.State == State.RunState.Failed ? ExitCodes.RunFailed : ExitCodes.Success;
        });
        return cmd;
    }
}
