namespace Sluice.Data.Quality.Scoring;

/// <summary>The data-quality dimensions scored by <see cref="QualityScorer"/>.</summary>
public enum QualityDimension
{
    /// <summary>Share of non-missing cells (missing_* checks).</summary>
    Completeness,

    /// <summary>Share of non-missing values that satisfy their validity rules (invalid_* checks).</summary>
    Validity,

    /// <summary>Share of keyed rows that are not duplicates (duplicate_* checks).</summary>
    Uniqueness,

    /// <summary>Share of rows that satisfy cross-field and cross-data-set rules (reference and expression checks).</summary>
    Consistency,

    /// <summary>Share of passed aggregate checks (min, max, avg, sum, stddev, distinct_count, row_count); a warning counts half.</summary>
    Accuracy,

    /// <summary>How fresh the data is relative to its freshness limit (freshness checks).</summary>
    Timeliness,
}
