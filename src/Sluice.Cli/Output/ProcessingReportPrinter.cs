using System.Globalization;
using Sluice.DataActions.Reporting;
using Spectre.Console;

namespace Sluice.Cli.Output;

/// <summary>Prints a data pipeline's <see cref="ProcessingReport"/> after its run (seed 000's "Data Processing Complete").</summary>
internal static class ProcessingReportPrinter
{
    public static void Print(ProcessingReport report, IReadOnlyList<string> savedTo)
    {
        // Like the summary: on stdout for a person, on stderr when stdout carries a result for a script.
        var console = Console.IsOutputRedirected ? Terminal.Diag : Terminal.Out;
        var inv = CultureInfo.InvariantCulture;
        console.WriteLine();
        console.MarkupLine("[bold]Data processing report[/]");
        console.MarkupLine($"  records processed: {report.RecordsProcessed.ToString("N0", inv)}");
        console.MarkupLine($"  records failed: {report.RecordsFailed.ToString("N0", inv)}");
        if (report.RecordsExported is { } exported)
        {
            console.MarkupLine($"  records exported: {exported.ToString("N0", inv)}");
        }

        if (report.ProcessingSeconds is { } seconds)
        {
            console.MarkupLine($"  processing time: {seconds.ToString("0.00", inv)}s");
        }

        console.MarkupLine($"  data quality score: {(report.QualityScore is { } q ? q.ToString("P2", inv) : "not measured")}");
        if (report.Anomalies is { } anomalies)
        {
            console.MarkupLine($"  anomalies: {anomalies.ToString("N0", inv)} ({(report.AnomalyPercent ?? 0).ToString("0.00", inv)}% of {(report.AnomalyRowsExamined ?? 0).ToString("N0", inv)} rows)");
        }

        if (report.ModelUsage is { } usage)
        {
            console.MarkupLine($"  language models: {usage.Requests.ToString("N0", inv)} request(s), {usage.Cached.ToString("N0", inv)} answer(s) from the cache, {usage.Failed.ToString("N0", inv)} failed; tokens {usage.InputTokens.ToString("N0", inv)} in, {usage.OutputTokens.ToString("N0", inv)} out");
        }

        if (report.OutputLocations.Count > 0)
        {
            console.MarkupLine("  output locations:");
            foreach (var location in report.OutputLocations)
            {
                console.MarkupLine($"    - {Markup.Escape(location)}");
            }
        }

        foreach (var path in savedTo)
        {
            console.MarkupLine($"  [grey]report saved to: {Markup.Escape(path)}[/]");
        }
    }
}
