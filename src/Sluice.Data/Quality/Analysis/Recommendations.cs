using System.Globalization;
using Sluice.Data.Quality.Checks;
using Sluice.Data.Quality.Evaluation;

namespace Sluice.Data.Quality.Analysis;

/// <summary>Rule-based advice: one line per failed or warned check, plus one per low dimension score (below 0.8).</summary>
internal static class Recommendations
{
    public static IReadOnlyList<string> For(IReadOnlyList<CheckResult> results, QualityReport report)
    {
        var advice = new List<string>();
        foreach (var r in results.Where(static r => r.Outcome is CheckOutcome.Fail or CheckOutcome.Warn or CheckOutcome.Error))
        {
            var column = r.Check.Columns.Count > 0 ? string.Join(", ", r.Check.Columns) : "the data";
            advice.Add(r.Outcome == CheckOutcome.Error
                ? $"'{r.Check.Text}' could not be computed ({r.Metric.Error}); fix the check or the data's columns."
                : r.Check.Metric switch
                {
                    MetricKind.MissingCount or MetricKind.MissingPercent => $"{column}: {r.Metric.Failing:N0} missing value(s); fill them (clean_and_standardize fill) or fix the source that drops them.",
                    MetricKind.InvalidCount or MetricKind.InvalidPercent => $"{column}: {r.Metric.Failing:N0} invalid value(s); add a schema rule in validate_data_schema to quarantine them upstream.",
                    MetricKind.DuplicateCount or MetricKind.DuplicatePercent => $"{column}: {r.Metric.Failing:N0} duplicate key(s); deduplicate on ({column}) before loading.",
                    MetricKind.ReferenceMissingCount => $"{column}: {r.Metric.Failing:N0} value(s) without a match in {r.Check.Reference?.Dataset}; load the reference data first or quarantine orphans.",
                    MetricKind.ExpressionViolationCount => $"{r.Metric.Failing:N0} row(s) break '{r.Check.Expression}'; check the transformation that produces them.",
                    MetricKind.Freshness => $"{column}: the newest value is {Hours(r.Metric.Value)} old; check that the source is still being updated.",
                    MetricKind.RowCount => $"the data has {r.Metric.Value:N0} rows, outside the expected range; check for a truncated or duplicated load.",
                    _ => $"'{r.Check.Text}' {(r.Outcome == CheckOutcome.Fail ? "failed" : "warned")}: {r.Message}; look for outliers (run_anomaly_detection) or a unit change.",
                });
        }

        foreach (var (metric, score) in report.ScoreMap().Where(static kv => kv.Key != "overall" && kv.Value < 0.8))
        {
            advice.Add($"{metric} is low ({score.ToString("P1", CultureInfo.InvariantCulture)}); add a quality gate on it to stop bad data early.");
        }

        return advice;
    }

    private static string Hours(double? seconds) => seconds is { } s ? $"{(s / 3600).ToString("0.#", CultureInfo.InvariantCulture)}h" : "unknown";
}
