using System.CommandLine;
using Sluice.Operators;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice pause PIPELINE</c> / <c>sluice unpause PIPELINE</c>: stop or restart the cron and interval triggers of a
/// pipeline that <c>sluice serve</c> runs on this store (recorded with who and when). A server applies it at its next start
/// or pipeline reload; the UI and API apply it at once.
/// </summary>
internal static class PauseCommand
{
    public static Command Create(bool pause)
    {
        var pipeline = new Argument<string>("pipeline") { Description = "The pipeline id." };
        var store = CommonOptions.Store();
        var cmd = new Command(pause ? "pause" : "unpause", pause ? "Pause a pipeline's schedules." : "Unpause a pipeline's schedules.") { pipeline, store };
        cmd.SetAction(async (parse, ct) =>
        {
            await using var opened = await CommonOptions.OpenStoreAsync(parse.GetValue(store), ct).ConfigureAwait(false);
            var id = parse.GetValue(pipeline)!;
            await opened.Operators.SetPausedAsync(id, pause, new AuditEntry(0, TimeProvider.System.GetUtcNow(), ResumeOptions.Actor, pause ? "pause" : "unpause", id, null, null), ct)
                .ConfigureAwait(false);
            Output.Terminal.Note(pause ? $"the schedules of {id} are paused" : $"the schedules of {id} run again");
            return ExitCodes.Success;
        });
        return cmd;
    }
}
