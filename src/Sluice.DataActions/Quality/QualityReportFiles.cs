using System.Globalization;
using System.Text;
using System.Text.Json;
using Sluice.Actions;
using Sluice.Datasets;
using Sluice.Expressions;

namespace Sluice.DataActions.Quality;

/// <summary>
/// Writes the report of <c>analyze_data_quality</c> with <c>generate_report: true</c>: <c>quality_report.json</c> (the
/// task's outputs as JSON) and <c>quality_report.md</c> (scores, checks, gates and recommendations as Markdown
/// tables), both in the attempt's artifact folder.
/// </summary>
internal static class QualityReportFiles
{
    public static async Task<Dictionary<string, object?>> WriteAsync(ActionContext context, DatasetRef dataset, IReadOnlyDictionary<string, object?> outputs, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(context.ArtifactDirectory);
        var json = Path.GetFullPath(Path.Combine(context.ArtifactDirectory, "quality_report.json"));
        var markdown = Path.GetFullPath(Path.Combine(context.ArtifactDirectory, "quality_report.md"));
        var document = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["task"] = context.TaskId,
            ["run"] = context.RunId,
            ["data"] = dataset.Path,
            ["generated_at"] = context.Time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in outputs.Where(static kv => kv.Key != "report_files"))
        {
            document[key] = value;
        }

        await using (var stream = File.Create(json))
        {
            await using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            ExprValues.ToJson(writer, document);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        await File.WriteAllTextAsync(markdown, Markdown(context, dataset, outputs), cancellationToken).ConfigureAwait(false);
        context.Log.Write("info", $"quality report written: {markdown} (and {Path.GetFileName(json)})");
        return new Dictionary<string, object?>(StringComparer.Ordinal) { ["json"] = json, ["markdown"] = markdown };
    }

    private static string Markdown(ActionContext context, DatasetRef dataset, IReadOnlyDictionary<string, object?> outputs)
    {
        var md = new StringBuilder();
        var report = (IReadOnlyDictionary<string, object?>)outputs["quality_report"]!;
        md.Append(CultureInfo.InvariantCulture, $"# Data quality report: {context.TaskId}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"- data: `{dataset.Path}`\n- rows: {ExprValues.ToText(report["rows"])}\n- run: `{context.RunId}`\n\n");
        md.Append("## Scores\n\n| dimension | score |\n|---|---|\n");
        foreach (var (dimension, score) in (IReadOnlyDictionary<string, object?>)outputs["quality_scores"]!)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {dimension} | {(score is double d ? d.ToString("P1", CultureInfo.InvariantCulture) : "not measured")} |\n");
        }

        md.Append("\n## Checks\n\n| check | value | outcome | message |\n|---|---|---|---|\n");
        foreach (var check in ((object?[])report["checks"]!).Cast<IReadOnlyDictionary<string, object?>>())
        {
            md.Append(CultureInfo.InvariantCulture, $"| `{Cell(check["check"])}` | {Cell(check["value"])} | {Cell(check["outcome"])} | {Cell(check["message"])} |\n");
        }

        var gates = ((object?[])report["gates"]!).Cast<IReadOnlyDictionary<string, object?>>().ToList();
        if (gates.Count > 0)
        {
            md.Append("\n## Gates\n\n| metric | min | score | passed |\n|---|---|---|---|\n");
            foreach (var gate in gates)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {Cell(gate["metric"])} | {Cell(gate["min"])} | {Cell(gate["score"])} | {Cell(gate["passed"])} |\n");
            }
        }

        md.Append("\n## Recommendations\n\n");
        var recommendations = (object?[])outputs["recommendations"]!;
        md.Append(recommendations.Length == 0 ? "None.\n" : string.Concat(recommendations.Select(static r => $"- {ExprValues.ToText(r)}\n")));
        return md.ToString();
    }

    private static string Cell(object? value) => value is null ? "" : ExprValues.ToText(value).Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
