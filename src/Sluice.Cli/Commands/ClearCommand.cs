using System.CommandLine;
using Sluice.Execution.Semantics;
using Sluice.Operators;
using Sluice.State;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice clear RUN --task T</c> and <c>sluice mark RUN TASK --state succeeded --reason …</c>: change the tasks of an
/// ended run (<see cref="TaskRework"/>, the same rules as the server's UI and API), record who did it, then execute the
/// run here like <c>sluice resume</c> (unless <c>--no-run</c>: a server picks queued runs up when it starts).
/// </summary>
internal static class ClearCommand
{
    public static Command CreateClear()
    {
        var runId = new Argument<string>("run") { Description = "The run id (see 'sluice runs')." };
        var tasks = new Option<string[]>("--task") { Description = "A task to clear; repeatable.", Required = true, AllowMultipleArgumentsPerToken = true };
        var items = new Option<string?>("--items") { Description = "Only these items of the one for_each task, such as 0,3,7." };
        var only = new Option<bool>("--only") { Description = "Clear only the tasks given, not their downstream." };
        var noRun = new Option<bool>("--no-run") { Description = "Only clear; leave the run queued." };
        var options = new ResumeOptions();
        var cmd = new Command("clear", "Clear tasks of an ended run (and their downstream) and run them again within the run.") { runId, tasks, items, only, noRun };
        options.AddTo(cmd);
        cmd.SetAction(async (parse, ct) =>
        {
            IReadOnlyCollection<int>? chosen = null;
            if (parse.GetValue(items) is { Length: > 0 } text)
            {
                var list = new List<int>();
                foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    list.Add(int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i)
                        ? i : throw new CliException($"--items: '{part}' is not an item number; write them separated by commas, such as 0,3,7"));
                }
                chosen = list;
            }
            var taskIds = parse.GetValue(tasks)!;
            var downstream = !parse.GetValue(only);
            var detail = string.Join(", ", taskIds) + (chosen is null ? "" : " items " + string.Join(", ", chosen)) + (downstream ? " and downstream" : " only");
            return await ApplyAsync(parse, options, parse.GetValue(runId)!, parse.GetValue(noRun), "clear", detail,
                (definition, run, rows, now) => TaskRework.Clear(definition, run, rows, taskIds, chosen, downstream, ResumeOptions.Actor, now), ct).ConfigureAwait(false);
        });
        return cmd;
    }

    public static Command CreateMark()
    {
        var runId = new Argument<string>("run") { Description = "The run id (see 'sluice runs')." };
        var task = new Argument<string>("task") { Description = "The task to mark." };
        var state = new Option<string>("--state") { Description = "succeeded or skipped.", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why (kept in the task's log and the audit trail).", Required = true };
        var noRun = new Option<bool>("--no-run") { Description = "Only mark; leave the run queued." };
        var options = new ResumeOptions();
        var cmd = new Command("mark", "Mark a task of an ended run succeeded or skipped, then let the run continue.") { runId, task, state, reason, noRun };
        options.AddTo(cmd);
        cmd.SetAction(async (parse, ct) =>
        {
            var target = parse.GetValue(state) switch
            {
                "succeeded" or "success" => TaskState.Succeeded,
                "skipped" => TaskState.Skipped,
                var other => throw new CliException($"--state must be 'succeeded' or 'skipped', was '{other}'"),
            };
            var taskId = parse.GetValue(task)!;
            var why = parse.GetValue(reason)!;
            return await ApplyAsync(parse, options, parse.GetValue(runId)!, parse.GetValue(noRun), "mark", $"{taskId} {target.ToName()}: {why}",
                (definition, run, rows, now) => TaskRework.Mark(definition, run, rows, taskId, target, why, ResumeOptions.Actor, now), ct).ConfigureAwait(false);
        });
        return cmd;
    }

    private static async Task<int> ApplyAsync(ParseResult parse, ResumeOptions options, string id, bool noRun, string action, string detail,
        Func<Definition.PipelineDefinition, RunRecord, IReadOnlyList<TaskInstanceRecord>, DateTimeOffset, ReworkPlan> plan, CancellationToken ct)
    {
        await using var opened = await CommonOptions.OpenStoreAsync(parse.GetValue(options.Store), ct).ConfigureAwait(false);
        var actions = CommonOptions.Actions(opened);
        var definition = await ResumeOptions.LoadDefinitionAsync(opened, actions, id, ct).ConfigureAwait(false);
        var run = (await opened.State.GetRunAsync(id, ct).ConfigureAwait(false))!;
        var rows = await opened.State.GetTaskInstancesAsync(id, ct).ConfigureAwait(false);
        var now = TimeProvider.System.GetUtcNow();
        var decided = plan(definition, run, rows, now);
        if (decided.Batch is null)
        {
            throw new CliException(decided.Error!);
        }
        await opened.State.CommitAsync(decided.Batch, ct).ConfigureAwait(false);
        await opened.Operators.RecordAsync(new AuditEntry(0, now, ResumeOptions.Actor, action, run.PipelineId, id, detail), ct).ConfigureAwait(false);
        Output.Terminal.Note($"{action}: {string.Join(", ", decided.Tasks)} in run {id}");
        return noRun ? ExitCodes.Success : await options.ExecuteAsync(parse, opened, actions, id, ct).ConfigureAwait(false);
    }
}
