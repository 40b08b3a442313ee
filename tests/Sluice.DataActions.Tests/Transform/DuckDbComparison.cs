using System.Globalization;
using System.Text.Json;
using Sluice.Data.Tests.Parquet;
using Sluice.DataActions.Tests.Testing;
using Sluice.Datasets;
using Sluice.State;

namespace Sluice.DataActions.Tests.Transform;

/// <summary>
/// Runs transformation steps over a CSV file and compares the CSV they write with the rows of a DuckDB query over the
/// same file: cell by cell, empty = null, integers and text exactly, other numbers to 1e-9 relative.
/// </summary>
internal static class DuckDbComparison
{
    /// <summary>Runs <paramref name="steps"/> (YAML list items, indented by 8) over <paramref name="data"/>; returns the output lines without the header.</summary>
    public static async Task<(string Header, List<string[]> Rows)> RunStepsAsync(DataPipelineHarness h, string data, string steps)
    {
        var outcome = await h.RunAsync(h.Load($"""
            id: steps
            tasks:
              - id: t
                action: apply_transformations
                parameters:
                  data: {data}
                  transformations:
            {steps}
                outputs: [transformed_data]
            """));
        outcome.State.ShouldBe(RunState.Succeeded, await h.ErrorOfAsync(outcome, "t"));
        var path = ((DatasetRef)((IReadOnlyDictionary<string, object?>)outcome.Outputs["t"]!)["transformed_data"]!).Path;
        var lines = ArtifactFile.ReadAllLines(path);
        return (lines[0], [.. lines.Skip(1).Select(static l => l.Split(','))]);
    }

    /// <summary>Asserts that <paramref name="ours"/> equals DuckDB's answer to <paramref name="sql"/> (columns in the same order).</summary>
    public static void ShouldEqual(List<string[]> ours, string sql)
    {
        var theirs = DuckDb.Query(sql);
        ours.Count.ShouldBe(theirs.Count, "row count");
        for (var r = 0; r < ours.Count; r++)
        {
            var cells = theirs[r].EnumerateObject().Select(static p => p.Value).ToList();
            ours[r].Length.ShouldBe(cells.Count, $"columns of row {r}");
            for (var c = 0; c < cells.Count; c++)
            {
                Same(ours[r][c], cells[c]).ShouldBeTrue($"row {r} column {c}: ours '{ours[r][c]}', DuckDB {cells[c]}; our row: {string.Join(',', ours[r])}");
            }
        }
    }

    private static bool Same(string ours, JsonElement theirs)
    {
        if (theirs.ValueKind == JsonValueKind.Null)
        {
            return ours.Length == 0;
        }

        var text = theirs.ValueKind == JsonValueKind.String ? theirs.GetString()! : theirs.GetRawText();
        if (text == ours)
        {
            return true;
        }

        if (double.TryParse(ours, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var b))
        {
            return (double.IsNaN(a) && double.IsNaN(b)) || a == b || Math.Abs(a - b) <= 1e-9 * Math.Max(Math.Abs(a), Math.Abs(b));
        }

        return false;
    }
}
