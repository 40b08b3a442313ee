using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sluice.Cli.Output;
using Sluice.DataActions.Reporting;
using Sluice.State;
using Spectre.Console;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice runs</c>: recent runs, newest first.</summary>
internal static class RunsCommand
{
    public static Command Create()
    {
        var pipeline = new Option<string>("--pipeline", "-p") { Description = "Only runs of this pipeline id." };
        var state = new Option<string>("--state") { Description = "Only runs in this state (queued, running, succeeded, failed, cancelled, skipped)." };
        var limit = new Option<int>("--limit", "-n") { Description = "How many. The default is 20.", DefaultValueFactory = _ => 20 };
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var cmd = new Command("runs", "List runs, newest first.") { pipeline, state, limit, store, json };
        cmd.SetAction(async (parse, ct) =>
        {
            RunState? filter = null;
            if (parse.GetValue(state) is { } s)
            {
                try
                {
                    filter = StateNames.ParseRun(s);
                }
                catch (FormatException)
                {
                    throw new CliException($"--state '{s}' is not a run state; use queued, running, succeeded, failed, cancelled or skipped");
                }
            }
            await using var opened = await CommonOptions.OpenStoreAsync(parse.GetValue(store), ct).ConfigureAwait(false);
            var st = opened.State;
            var runs = await st.ListRunsAsync(new RunQuery(parse.GetValue(pipeline), filter, parse.GetValue(limit)), ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                var processing = new Dictionary<string, JsonElement?>(StringComparer.Ordinal);
                foreach (var r in runs)
                {
                    processing[r.RunId] = await ProcessingReport.BuildAsync(st, r.RunId, TimeProvider.System, ct).ConfigureAwait(false) is { } report
                        ? JsonSerializer.Deserialize<JsonElement>(report.ToJson())
                        : null;
                }
                Console.Out.WriteLine(JsonSerializer.Serialize(runs.Select(r => new
                {
                    run_id = r.RunId, pipeline_id = r.PipelineId, state = r.State.ToName(), trigger = r.Trigger,
                    created_at = r.CreatedAt, started_at = r.StartedAt, ended_at = r.EndedAt, error = r.Error,
                    result = r.ResultJson is { } result ? JsonSerializer.Deserialize<JsonElement>(result) : (JsonElement?)null,
                    processing = processing[r.RunId],
                })));
                return ExitCodes.Success;
            }
            if (runs.Count == 0)
            {
                Terminal.Out.MarkupLine("[grey]no runs yet: start one with 'sluice run FILE'[/]");
                return ExitCodes.Success;
            }
            var table = new Table().AddColumns("run", "pipeline", "state", "started", "duration", "error");
            foreach (var r in runs)
            {
                var duration = r.StartedAt is { } a && r.EndedAt is { } b ? (b - a).TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + "s" : "";
                var err = r.Error is null ? "" : r.Error.Length > 60 ? r.Error[..60] + "…" : r.Error;
                table.AddRow(Markup.Escape(r.RunId), Markup.Escape(r.PipelineId), StateMarkup.Run(r.State),
                    r.StartedAt?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "", duration, Markup.Escape(err));
            }
            Terminal.Out.Write(table);
            return ExitCodes.Success;
        });
        return cmd;
    }
}
