using Sluice.Data.Quality.Checks;
using Sluice.Data.Quality.Evaluation;

namespace Sluice.Data.Quality.Scoring;

/// <summary>
/// Data-quality dimension scores as pure functions of check results. Each score is in [0, 1], or null when no
/// usable result measures it (checks that ended in Error or NoData are ignored). Formulas are in docs/quality-metrics.md.
/// </summary>
public static class QualityScorer
{
    /// <summary>Scores every dimension and the weighted overall score.</summary>
    /// <param name="results">Check results.</param>
    /// <param name="weights">Dimension weights; null for equal weights.</param>
    /// <exception cref="ArgumentException">A weight is negative or not finite.</exception>
    public static QualityScores Score(IReadOnlyCollection<CheckResult> results, QualityWeights? weights = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        weights ??= QualityWeights.Equal;
        var scores = new (QualityDimension Dimension, double? Score)[]
        {
            (QualityDimension.Completeness, Completeness(results)),
            (QualityDimension.Validity, Validity(results)),
            (QualityDimension.Uniqueness, Uniqueness(results)),
            (QualityDimension.Consistency, Consistency(results)),
            (QualityDimension.Accuracy, Accuracy(results)),
            (QualityDimension.Timeliness, Timeliness(results)),
        };

        double weighted = 0, total = 0;
        foreach (var (dimension, score) in scores)
        {
            var w = weights.Of(dimension);
            if (!(w >= 0 && double.IsFinite(w)))
            {
                throw new ArgumentException($"The weight of {dimension} must be a non-negative number, was {w}.", nameof(weights));
            }

            if (score is { } s && w > 0)
            {
                weighted += w * s;
                total += w;
            }
        }

        return new QualityScores(scores[0].Score, scores[1].Score, scores[2].Score, scores[3].Score, scores[4].Score, scores[5].Score,
            total > 0 ? weighted / total : null);
    }

    /// <summary>1 − Σ missing / Σ rows over missing_* checks, each column counted once.</summary>
    public static double? Completeness(IEnumerable<CheckResult> results) =>
        ShareNotFailing(Usable(results, MetricKind.MissingCount, MetricKind.MissingPercent).DistinctBy(ColumnsKey));

    /// <summary>1 − Σ invalid / Σ non-null values over invalid_* checks (every check counts: each has its own rules).</summary>
    public static double? Validity(IEnumerable<CheckResult> results) =>
        ShareNotFailing(Usable(results, MetricKind.InvalidCount, MetricKind.InvalidPercent));

    /// <summary>1 − Σ duplicates / Σ keyed rows over duplicate_* checks, each key counted once.</summary>
    public static double? Uniqueness(IEnumerable<CheckResult> results) =>
        ShareNotFailing(Usable(results, MetricKind.DuplicateCount, MetricKind.DuplicatePercent).DistinctBy(ColumnsKey));

    /// <summary>1 − Σ violations / Σ evaluated rows over reference and expression checks.</summary>
    public static double? Consistency(IEnumerable<CheckResult> results) =>
        ShareNotFailing(Usable(results, MetricKind.ReferenceMissingCount, MetricKind.ExpressionViolationCount));

    /// <summary>(passed + ½ · warned) / evaluated over aggregate checks (min, max, avg, sum, stddev, distinct_count, row_count).</summary>
    public static double? Accuracy(IEnumerable<CheckResult> results)
    {
        var graded = Usable(results, MetricKind.Min, MetricKind.Max, MetricKind.Avg, MetricKind.Sum, MetricKind.Stddev,
            MetricKind.DistinctCount, MetricKind.RowCount).ToList();
        return graded.Count == 0 ? null : graded.Sum(r => Grade(r.Outcome)) / graded.Count;
    }

    /// <summary>
    /// Mean over freshness checks of: 1 when age ≤ limit, else limit / age — where the limit is the check's bound on age
    /// (the x of <c>&lt; x</c>, <c>&lt;= x</c> or <c>between … and x</c> as pass condition, or of <c>&gt; x</c>/<c>&gt;= x</c> as fail
    /// threshold; the smallest if several). Data twice as old as allowed scores 0.5. Without a limit, Pass 1, Warn 0.5, Fail 0.
    /// </summary>
    public static double? Timeliness(IEnumerable<CheckResult> results)
    {
        var fresh = Usable(results, MetricKind.Freshness).ToList();
        if (fresh.Count == 0)
        {
            return null;
        }

        return fresh.Average(r =>
        {
            var age = r.Metric.Value!.Value;
            return AgeLimit(r.Check) is { } limit && limit > 0
                ? (age <= limit ? 1 : limit / age)
                : Grade(r.Outcome);
        });
    }

    private static double? AgeLimit(QualityCheck check)
    {
        double? limit = null;
        if (check.PassWhen is { Operator: ComparisonOperator.Less or ComparisonOperator.LessOrEqual or ComparisonOperator.Between } pass)
        {
            limit = pass.UpperValue;
        }

        if (check.FailWhen is { Operator: ComparisonOperator.Greater or ComparisonOperator.GreaterOrEqual } fail)
        {
            limit = Math.Min(limit ?? double.MaxValue, fail.Value);
        }

        return limit;
    }

    private static double Grade(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Pass => 1,
        CheckOutcome.Warn => 0.5,
        _ => 0,
    };

    private static IEnumerable<CheckResult> Usable(IEnumerable<CheckResult> results, params MetricKind[] metrics) =>
        results.Where(r => metrics.Contains(r.Check.Metric) && r.Outcome is not (CheckOutcome.Error or CheckOutcome.NoData));

    private static string ColumnsKey(CheckResult result) => string.Join('\u0001', result.Check.Columns);

    private static double? ShareNotFailing(IEnumerable<CheckResult> results)
    {
        long failing = 0, evaluated = 0;
        foreach (var r in results)
        {
            failing += r.Metric.Failing;
            evaluated += r.Metric.Evaluated;
        }

        return evaluated == 0 ? null : 1.0 - ((double)failing / evaluated);
    }
}
