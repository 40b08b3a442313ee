using Sluice.Data.Quality.Checks;
using Sluice.Data.Quality.Metrics;

namespace Sluice.Data.Quality.Evaluation;

/// <summary>One check's metric and verdict.</summary>
/// <param name="Check">The check.</param>
/// <param name="Metric">Its metric value and counts.</param>
/// <param name="Outcome">The verdict.</param>
/// <param name="Message">A one-line explanation, e.g. <c>missing_percent(amount) = 7.5: fail when &gt; 5</c>.</param>
public sealed record CheckResult(QualityCheck Check, MetricResult Metric, CheckOutcome Outcome, string Message);
