using System.Globalization;
using Sluice.Data.Quality.Checks;
using Sluice.Data.Quality.Metrics;

namespace Sluice.Data.Quality.Evaluation;

/// <summary>Turns a metric value into a check verdict.</summary>
public static class CheckEvaluator
{
    /// <summary>
    /// Error when the metric failed; NoData when its value is undefined; Fail when <see cref="QualityCheck.FailWhen"/>
    /// holds or <see cref="QualityCheck.PassWhen"/> does not; Warn when <see cref="QualityCheck.WarnWhen"/> holds; else Pass.
    /// </summary>
    /// <param name="check">The check.</param>
    /// <param name="metric">Its metric result.</param>
    /// <returns>The verdict with an explanation.</returns>
    public static CheckResult Evaluate(QualityCheck check, MetricResult metric)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(metric);
        var subject = check.Text.Trim();
        if (metric.Error is not null)
        {
            return new CheckResult(check, metric, CheckOutcome.Error, $"{subject}: {metric.Error}");
        }

        if (metric.Value is not { } value)
        {
            return new CheckResult(check, metric, CheckOutcome.NoData, $"{subject}: no value (no non-null data)");
        }

        var shown = $"{subject} → {value.ToString("G6", CultureInfo.InvariantCulture)}";
        if (check.FailWhen is { } fail && fail.Matches(value))
        {
            return new CheckResult(check, metric, CheckOutcome.Fail, $"{shown}: fail when {fail}");
        }

        if (check.PassWhen is { } pass && !pass.Matches(value))
        {
            return new CheckResult(check, metric, CheckOutcome.Fail, $"{shown}: expected {pass}");
        }

        if (check.WarnWhen is { } warn && warn.Matches(value))
        {
            return new CheckResult(check, metric, CheckOutcome.Warn, $"{shown}: warn when {warn}");
        }

        return new CheckResult(check, metric, CheckOutcome.Pass, $"{shown}: ok");
    }
}
