using Sluice.Data.Quality.Checks;

namespace Sluice.Data.Quality.Metrics;

/// <summary>The value of one metric over every batch seen, with the counts it came from.</summary>
/// <param name="Metric">The metric.</param>
/// <param name="Value">The metric value; null when undefined (min of no values, stddev of one value, freshness of no timestamps) or on error.</param>
/// <param name="Rows">Rows seen, nulls included.</param>
/// <param name="Evaluated">
/// The denominator of the metric's percentage: rows for missing_*; non-null rows for invalid_*, distinct_count and the
/// numeric aggregates; rows with a complete (non-null) key for duplicate_* and reference checks; rows where the
/// expression is not null for expression checks.
/// </param>
/// <param name="Failing">
/// The numerator: missing, invalid or duplicate rows, rows whose key is absent from the reference, or expression
/// violations; 0 for the other metrics.
/// </param>
/// <param name="Error">Why the metric could not be computed (a missing column, a wrong column type); null otherwise.</param>
public sealed record MetricResult(MetricKind Metric, double? Value, long Rows, long Evaluated, long Failing, string? Error = null);
