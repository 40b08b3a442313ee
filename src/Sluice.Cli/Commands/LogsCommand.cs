using System.CommandLine;
using System.Globalization;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice logs RUN [--task T]</c>: the task log lines of a run, in order.</summary>
internal static class LogsCommand
{
    public static Command Create()
    {
        var runId = new Argument<string>("run") { Description = "The run id." };
        var task = new Option<string>("--task", "-t") { Description = "Only this task's lines." };
        var store = CommonOptions.Store();
        var cmd = new Command("logs", "Print the logs of a run.") { runId, task, store };
        cmd.SetAction(async (parse, ct) =>
        {
            await using var opened = await CommonOptions.OpenStoreAsync(parse.GetValue(store), ct).ConfigureAwait(false);
            var st = opened.State;
            var id = parse.GetValue(runId)!;
            if (await st.GetRunAsync(id, ct).ConfigureAwait(false) is null)
            {
                throw new CliException($"run '{id}' not found; list runs with 'sluice runs'", ExitCodes.RunFailed);
            }
            long after = 0;
            var o = Console.Out;
            while (true)
            {
                var page = await st.GetLogsAsync(id, parse.GetValue(task), after, 10_000, ct).ConfigureAwait(false);
                foreach (var l in page)
                {
                    var who = l.MapIndex >= 0 ? $"{l.TaskId}[{l.MapIndex}]" : l.TaskId;
                    var stream = l.Stream == "stderr" ? " !" : "";
                    await o.WriteLineAsync($"{l.At.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} {who}#{l.Attempt}{stream} {l.Text}").ConfigureAwait(false);
                    after = l.Sequence;
                }
                if (page.Count < 10_000)
                {
                    return ExitCodes.Success;
                }
            }
        });
        return cmd;
    }
}
