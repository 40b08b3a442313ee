using System.CommandLine;
using Sluice.Definition;
using Sluice.Retention;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice db purge --older-than 30d [--dry-run]</c>: deletes finished runs, logs, artifacts and queue jobs past their retention.</summary>
internal static class PurgeCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var olderThan = new Option<string>("--older-than") { Description = "Delete runs that ended longer ago than this (e.g. 30d, 12h), with their tasks, logs and artifacts.", Required = true };
        var logsOlderThan = new Option<string?>("--logs-older-than") { Description = "Delete log lines of runs that ended longer ago (the runs stay). The default is --older-than." };
        var qualityOlderThan = new Option<string?>("--quality-older-than") { Description = "Delete quality history (trends of analyze_data_quality) recorded longer ago. The default is --older-than." };
        var jobsOlderThan = new Option<string?>("--jobs-older-than") { Description = "Delete finished queue jobs that ended longer ago. The default is --older-than." };
        var artifacts = new Option<string?>("--artifacts") { Description = "Artifact root whose run folders are removed too. The default is .sluice/artifacts (next to a SQLite store)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only count the runs and artifact folders that would be deleted." };
        var cmd = new Command("purge", "Delete finished runs, logs, artifacts and queue jobs older than a retention; active runs are never touched.")
        {
            store, olderThan, logsOlderThan, qualityOlderThan, jobsOlderThan, artifacts, dryRun,
        };
        cmd.SetAction(async (parse, ct) =>
        {
            var runsAge = Duration("--older-than", parse.GetValue(olderThan)!);
            await using var s = await CommonOptions.OpenStoreAsync(parse.GetValue(store), ct, parse.GetValue(artifacts)).ConfigureAwait(false);
            var options = new RetentionOptions
            {
                RunsMaxAge = runsAge,
                LogsMaxAge = parse.GetValue(logsOlderThan) is { } l ? Duration("--logs-older-than", l) : null,
                JobsMaxAge = parse.GetValue(jobsOlderThan) is { } j ? Duration("--jobs-older-than", j) : runsAge,
                QualityMaxAge = parse.GetValue(qualityOlderThan) is { } q ? Duration("--quality-older-than", q) : null,
                ArtifactRoot = s.ArtifactRoot,
            };
            var dry = parse.GetValue(dryRun);
            var c = await new RetentionPurger(s.Retention, options, records: s.AgedRecords).PurgeAsync(dry, ct).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(dry
                ? $"would purge {c.Runs} run(s) and {c.ArtifactFolders} artifact folder(s) from {s.Description}"
                : $"purged {c.Runs} run(s), {c.TaskInstances} task instance(s), {c.LogLines} log line(s), {c.Jobs} job(s), {c.Records} quality record(s), {c.ArtifactFolders} artifact folder(s) from {s.Description}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return cmd;
    }

    /// <summary>A positive duration option; anything else is a usage error naming <paramref name="option"/>.</summary>
    internal static TimeSpan Duration(string option, string text) =>
        DurationParser.TryParse(text, out var value, out var error) && value > TimeSpan.Zero ? value : throw new CliException($"{option}: {error ?? "must be positive"} (got '{text}')");
}
