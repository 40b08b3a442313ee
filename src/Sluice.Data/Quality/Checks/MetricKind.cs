namespace Sluice.Data.Quality.Checks;

/// <summary>The metric a check measures. Formulas are in docs/quality-metrics.md and on each accumulator.</summary>
public enum MetricKind
{
    /// <summary><c>row_count</c>: rows, nulls included.</summary>
    RowCount,

    /// <summary><c>missing_count(c)</c>: rows where c is null.</summary>
    MissingCount,

    /// <summary><c>missing_percent(c)</c>: 100 · missing / rows; 0 when there are no rows.</summary>
    MissingPercent,

    /// <summary><c>duplicate_count(c, …)</c>: rows with a non-null key minus distinct non-null keys.</summary>
    DuplicateCount,

    /// <summary><c>duplicate_percent(c, …)</c>: 100 · duplicate_count / rows with a non-null key; 0 when there are none.</summary>
    DuplicatePercent,

    /// <summary><c>invalid_count(c)</c>: non-null rows that break a <c>valid</c> rule.</summary>
    InvalidCount,

    /// <summary><c>invalid_percent(c)</c>: 100 · invalid / non-null rows; 0 when there are none.</summary>
    InvalidPercent,

    /// <summary><c>freshness(ts)</c>: seconds from the newest non-null timestamp to now.</summary>
    Freshness,

    /// <summary><c>min(c)</c> over non-null values.</summary>
    Min,

    /// <summary><c>max(c)</c> over non-null values.</summary>
    Max,

    /// <summary><c>avg(c)</c>: arithmetic mean of non-null values.</summary>
    Avg,

    /// <summary><c>sum(c)</c> of non-null values; 0 when there are none.</summary>
    Sum,

    /// <summary><c>stddev(c)</c>: sample standard deviation (n − 1) of non-null values.</summary>
    Stddev,

    /// <summary><c>distinct_count(c)</c>: distinct non-null values.</summary>
    DistinctCount,

    /// <summary><c>values in (c) must exist in ds (k)</c>: rows whose non-null key is absent from the reference data set.</summary>
    ReferenceMissingCount,

    /// <summary><c>expression: …</c>: rows where the boolean expression is false (null is not a violation).</summary>
    ExpressionViolationCount,
}
