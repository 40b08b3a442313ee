using System.CommandLine;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice resume RUN</c>: re-runs only the failed and unfinished tasks of a run, with the definition version it started with.</summary>
internal static class ResumeCommand
{
    public static Command Create()
    {
        var runId = new Argument<string>("run") { Description = "The run id (see 'sluice runs')." };
        var options = new ResumeOptions();
        var cmd = new Command("resume", "Resume a failed, cancelled or crashed run.") { runId };
        options.AddTo(cmd);
        cmd.SetAction(async (parse, ct) =>
        {
            await using var opened = await CommonOptions.OpenStoreAsync(parse.GetValue(options.Store), ct).ConfigureAwait(false);
            var id = parse.GetValue(runId)!;
            return await options.ExecuteAsync(parse, opened, CommonOptions.Actions(opened), id, ct).ConfigureAwait(false);
        });
        return cmd;
    }
}
