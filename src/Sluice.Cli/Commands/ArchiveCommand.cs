using System.CommandLine;
using System.Globalization;
using Sluice.Retention;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice db archive --older-than 90d [--to DIR]</c>: writes finished runs with their tasks, attempts and logs to
/// JSON Lines files, then purges them (with their artifact folders) as <c>sluice db purge</c> does.
/// </summary>
internal static class ArchiveCommand
{
    // Longer than any job lives, short enough that "now minus it" stays a valid date: archiving leaves jobs alone.
    private static readonly TimeSpan KeepJobs = TimeSpan.FromDays(365 * 1000);

    public static Command Create()
    {
        var store = CommonOptions.Store();
        var olderThan = new Option<string>("--older-than") { Description = "Archive and delete runs that ended longer ago than this (e.g. 90d, 12h).", Required = true };
        var to = new Option<string?>("--to") { Description = "The folder archives go to; each archive is a subfolder named by its time. The default is .sluice/archive." };
        var artifacts = new Option<string?>("--artifacts") { Description = "Artifact root whose run folders are removed too. The default is .sluice/artifacts (next to a SQLite store)." };
        var cmd = new Command("archive", "Write finished runs older than a retention (runs, tasks, attempts, logs) to JSON Lines files, then delete them from the store.")
        {
            store, olderThan, to, artifacts,
        };
        cmd.SetAction(async (parse, ct) =>
        {
            var age = PurgeCommand.Duration("--older-than", parse.GetValue(olderThan)!);
            await using var s = await CommonOptions.OpenStoreAsync(parse.GetValue(store), ct, parse.GetValue(artifacts)).ConfigureAwait(false);
            var folder = Path.Combine(parse.GetValue(to) ?? Path.Combine(".sluice", "archive"), TimeProvider.System.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
            PurgeCounts c;
            RunArchive archive;
            try
            {
                archive = new RunArchive(s.State, folder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"--to: cannot create the archive folder '{folder}': {ex.Message}", ExitCodes.RunFailed);
            }
            await using (archive.ConfigureAwait(false))
            {
                // Only runs are archived and deleted here: logs go with their runs, queue jobs and quality history are left to 'purge'.
                var options = new RetentionOptions { RunsMaxAge = age, JobsMaxAge = KeepJobs, ArtifactRoot = s.ArtifactRoot };
                c = await new RetentionPurger(s.Retention, options, archive: archive).PurgeAsync(dryRun: false, ct).ConfigureAwait(false);
            }
            await Console.Out.WriteLineAsync($"archived {c.Archived} run(s) to {archive.Folder}; purged {c.Runs} run(s), {c.TaskInstances} task instance(s), {c.LogLines} log line(s), {c.ArtifactFolders} artifact folder(s) from {s.Description}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return cmd;
    }
}
