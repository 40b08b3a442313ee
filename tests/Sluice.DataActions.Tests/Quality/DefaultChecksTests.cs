using System.Text.Json;
using Sluice.State;

namespace Sluice.DataActions.Tests.Quality;

/// <summary><c>analyze_data_quality</c> without <c>checks:</c> derives them from a profile of the data and the requested dimensions.</summary>
public sealed class DefaultChecksTests
{
    // 24 orders: order_id unique (an identifier), amount 10..33 plus one missing, and one padded city.
    private static string Orders()
    {
        var lines = new List<string> { "order_id,amount,city" };
        for (var i = 1; i <= 24; i++)
        {
            lines.Add($"{i},{(i == 5 ? "" : (9 + i).ToString(System.Globalization.CultureInfo.InvariantCulture))},{(i == 7 ? " Oslo" : "Oslo")}");
        }

        return string.Join("\n", lines) + "\n";
    }

    private static string Pipeline(string dimensions) => $$"""
        id: default_checks
        tasks:
          - id: quality
            action: analyze_data_quality
            parameters:
              data: "$ROOT/orders.csv"
              quality_dimensions: {{dimensions}}
              generate_report: true
            outputs: [quality_scores, quality_report, report_files]
        """;

    private static IReadOnlyDictionary<string, object?> Outputs(Sluice.Execution.RunOutcome outcome) =>
        (IReadOnlyDictionary<string, object?>)outcome.Outputs["quality"]!;

    private static List<string> Checks(Sluice.Execution.RunOutcome outcome) =>
        [.. ((object?[])((IReadOnlyDictionary<string, object?>)Outputs(outcome)["quality_report"]!)["checks"]!).Cast<IReadOnlyDictionary<string, object?>>().Select(static c => (string)c["check"]!)];

    [Fact]
    public async Task NoChecks_DerivesChecksForTheRequestedDimensions_AndLeavesTheIdentifierOutOfNumericChecks()
    {
        await using var h = new DataPipelineHarness();
        h.Write("orders.csv", Orders());

        var outcome = await h.RunAsync(h.Load(Pipeline("[completeness, uniqueness, accuracy, consistency]")));

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var checks = Checks(outcome);
        checks.ShouldContain("missing_percent(\"amount\") warn when > 1 fail when > 10");
        checks.ShouldContain("duplicate_count(\"order_id\") = 0");
        checks.ShouldContain("row_count > 0");
        // amount is 10..33 without 14 (23 values): numpy.percentile gives Q1 = 16.5, Q3 = 27.5, so the far-out fences are -16.5 and 60.5.
        checks.ShouldContain("min(\"amount\") warn when < -16.5");
        checks.ShouldContain("max(\"amount\") warn when > 60.5");
        checks.ShouldContain("expression: city is None or trim(city) == city");
        checks.ShouldNotContain(c => c.Contains("min(\"order_id\")", StringComparison.Ordinal));
        var scores = (IReadOnlyDictionary<string, object?>)Outputs(outcome)["quality_scores"]!;
        ((double)scores["completeness"]!).ShouldBe(1 - (1.0 / 72), 1e-12);
        // One padded city of 24, and 'amount >= 0' holds for all 23 amounts.
        ((double)scores["consistency"]!).ShouldBe(1 - (1.0 / 47), 1e-12);
        checks.ShouldContain("expression: amount >= 0");
        scores.ContainsKey("timeliness").ShouldBeFalse();
    }

    [Fact]
    public async Task GenerateReport_WritesJsonAndMarkdown_AndReturnsTheirPaths()
    {
        await using var h = new DataPipelineHarness();
        h.Write("orders.csv", Orders());

        var outcome = await h.RunAsync(h.Load(Pipeline("[completeness]")));

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var files = (IReadOnlyDictionary<string, object?>)Outputs(outcome)["report_files"]!;
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync((string)files["json"]!));
        json.RootElement.GetProperty("task").GetString().ShouldBe("quality");
        json.RootElement.GetProperty("quality_report").GetProperty("rows").GetInt64().ShouldBe(24);
        json.RootElement.GetProperty("quality_scores").GetProperty("completeness").GetDouble().ShouldBe(1 - (1.0 / 72), 1e-12);
        var markdown = await File.ReadAllTextAsync((string)files["markdown"]!);
        markdown.ShouldStartWith("# Data quality report: quality\n");
        markdown.ShouldContain("| completeness | 98.6 % |");
        markdown.ShouldContain("| `missing_percent(\"amount\") warn when > 1 fail when > 10` | 4.166666666666667 | warn |");
    }
}
