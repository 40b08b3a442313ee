using System.CommandLine;
using Sluice.Cli.Output;
using Sluice.Server.Reports;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice report RUN --html [-o FILE]</c>: the run as one self-contained HTML file (DAG, Gantt, rows in and out,
/// resource usage, quality charts, anomalies, model tokens and cost) that opens offline.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var runId = new Argument<string>("run") { Description = "The run id." };
        var store = CommonOptions.Store();
        var html = new Option<bool>("--html") { Description = "Write the report as one self-contained HTML file (the only format today)." };
        var output = new Option<string?>("--output", "-o") { Description = "The file to write. The default is report-RUN.html in the current folder." };
        var cmd = new Command("report", "Write a run's report: one HTML file with the DAG, timeline, rows, resource usage, quality and model cost.") { runId, store, html, output };
        cmd.SetAction(async (parse, ct) =>
        {
            if (!parse.GetValue(html))
            {
                throw new CliException("say which format: sluice report RUN --html [-o FILE]", ExitCodes.Invalid);
            }
            var id = parse.GetValue(runId)!;
            await using var opened = await CommonOptions.OpenStoreAsync(parse.GetValue(store), ct).ConfigureAwait(false);
            var text = await RunHtmlReport.BuildAsync(opened.State, id, CommonOptions.Actions(), TimeProvider.System, ct).ConfigureAwait(false)
                ?? throw new CliException($"run '{id}' not found; list runs with 'sluice runs'", ExitCodes.RunFailed);
            var path = Path.GetFullPath(parse.GetValue(output) ?? $"report-{id}.html");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, text, ct).ConfigureAwait(false);
            Terminal.Note($"wrote {path}");
            return ExitCodes.Success;
        });
        return cmd;
    }
}
