using System.CommandLine;
using System.Globalization;
using Sluice.Execution;
using Sluice.Scheduling;
using Sluice.Scheduling.Backfill;
using Sluice.State;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice backfill FILE --from --to</c>: one run per logical date of the pipeline's schedule in the range,
/// as a resumable backfill: run ids are deterministic (<c>pipeline@date</c>), so running the same command
/// again skips dates already done and resumes failed ones.
/// </summary>
internal static class BackfillCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The pipeline YAML file (it needs a cron or interval trigger)." };
        var from = new Option<string>("--from") { Description = "First logical date (ISO 8601, inclusive).", Required = true };
        var to = new Option<string>("--to") { Description = "Last logical date (ISO 8601, inclusive).", Required = true };
        var trigger = new Option<int?>("--trigger") { Description = "Index of the schedule trigger when there are several. The default is the first." };
        var maxActive = new Option<int>("--max-active") { Description = "Runs at once. The default is 1.", DefaultValueFactory = _ => 1 };
        var input = InputOptions.Input();
        var strictInputs = InputOptions.StrictInputs();
        var store = CommonOptions.Store();
        var cmd = new Command("backfill", "Run a pipeline for every scheduled logical date in a range (resumable).") { file, from, to, trigger, maxActive, input, strictInputs, store };
        cmd.SetAction(async (parse, ct) =>
        {
            var actions = CommonOptions.Actions();
            var path = parse.GetValue(file)!;
            var loaded = PipelineFiles.LoadOrFail(path, actions, quietWarnings: true);
            var definition = loaded.Definition!;
            var start = ParseDate(parse.GetValue(from)!, "--from");
            var end = ParseDate(parse.GetValue(to)!, "--to");
            if (end < start)
            {
                throw new CliException("--to is before --from");
            }
            var active = parse.GetValue(maxActive);
            if (active < 1)
            {
                throw new CliException($"--max-active must be at least 1, was {active}");
            }
            var inputs = InputOptions.Bind(definition, InputOptions.Collect(parse.GetValue(input), null), parse.GetValue(strictInputs));
            IReadOnlyList<DateTimeOffset> dates;
            int triggerIndex;
            try
            {
                var scheduled = BackfillPlanner.FindTrigger(definition, parse.GetValue(trigger));
                triggerIndex = scheduled.TriggerIndex;
                dates = BackfillPlanner.Plan(definition, start, end, parse.GetValue(trigger));
            }
            catch (Diagnostics.SluiceException ex)
            {
                throw new CliException(ex.Message);
            }
            await using var opened = await CommonOptions.OpenStoreAsync(parse.GetValue(store), ct).ConfigureAwait(false);
            actions = CommonOptions.Actions(opened);
            // Backfill records live with the schedules: in the SQLite file, or in the same PostgreSQL database.
            var schedules = opened.Schedules;
            await schedules.InitializeAsync(ct).ConfigureAwait(false);
            var time = TimeProvider.System;
            var id = BackfillPlanner.IdFor(definition.Id, triggerIndex, start, end);
            var record = await schedules.CreateOrResumeBackfillAsync(id, definition.Id, triggerIndex, start, end, dates, time.GetUtcNow(), ct).ConfigureAwait(false);
            var remaining = record.Remaining;
            await Console.Error.WriteLineAsync($"backfill {id}: {dates.Count} date(s), {dates.Count - remaining.Count} already done, {remaining.Count} to run, {active} at a time").ConfigureAwait(false);
            var version = loaded.ToVersion(Path.GetFullPath(path), time.GetUtcNow());
            var executor = new RunExecutor(opened.State, actions, new ExecutorOptions { ArtifactRoot = opened.ArtifactRoot, Storage = opened.Storage });
            var failed = 0;
            using var gate = new SemaphoreSlim(active);
            var work = remaining.Select(async date =>
            {
                await gate.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    var run = await executor.StartAsync(definition, version, inputs, "backfill", date, ScheduledFire.RunIdFor(definition.Id, date), ct).ConfigureAwait(false);
                    var state = run.State == RunState.Succeeded ? RunState.Succeeded : (await executor.ExecuteAsync(definition, run, ct).ConfigureAwait(false)).State;
                    if (state == RunState.Succeeded)
                    {
                        await schedules.MarkBackfillDateDoneAsync(id, date, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                    }
                    await Console.Error.WriteLineAsync($"  {date.ToString("u", CultureInfo.InvariantCulture)}  {run.RunId}  {state.ToName()}").ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            });
            await Task.WhenAll(work).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"backfill {id}: {remaining.Count - failed} succeeded, {failed} failed" + (failed > 0 ? "; run the same command again to resume" : "")).ConfigureAwait(false);
            return failed == 0 ? ExitCodes.Success : ExitCodes.RunFailed;
        });
        return cmd;
    }

    private static DateTimeOffset ParseDate(string text, string option) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d)
            ? d
            : throw new CliException($"{option} '{text}' is not an ISO 8601 date or date-time");
}
