namespace Sluice.Data.Profiling;

/// <summary>
/// The profile of one column. Nulls are counted, never aggregated. <see cref="Min"/>/<see cref="Max"/> are invariant text
/// (numbers round-trip; text compares ordinally; dates ISO 8601). Mean, standard deviation and quantiles exist for number
/// columns with at least one value (std needs two; it is the sample std as pandas' <c>std()</c>).
/// </summary>
public sealed record ColumnProfile
{
    /// <summary>The column name.</summary>
    public required string Name { get; init; }

    /// <summary>The column type (<c>int64</c>, <c>string</c>, <c>decimal(2)</c>...).</summary>
    public required string Type { get; init; }

    /// <summary>Rows.</summary>
    public long Rows { get; init; }

    /// <summary>Null rows.</summary>
    public long Nulls { get; init; }

    /// <summary>Distinct non-null values (an estimate when <see cref="DistinctIsExact"/> is false).</summary>
    public long Distinct { get; init; }

    /// <summary>False when <see cref="Distinct"/> is a HyperLogLog estimate (more than <see cref="ProfileOptions.DistinctCap"/> values).</summary>
    public bool DistinctIsExact { get; init; } = true;

    /// <summary>The smallest value, or null when there is none.</summary>
    public string? Min { get; init; }

    /// <summary>The largest value, or null when there is none.</summary>
    public string? Max { get; init; }

    /// <summary>The mean of a number column, or null.</summary>
    public double? Mean { get; init; }

    /// <summary>The sample standard deviation of a number column (n − 1), or null when n &lt; 2.</summary>
    public double? Std { get; init; }

    /// <summary>The requested quantiles of a number column; empty otherwise.</summary>
    public IReadOnlyList<QuantileValue> Quantiles { get; init; } = [];

    /// <summary>False when quantiles come from the reservoir sample.</summary>
    public bool QuantilesAreExact { get; init; } = true;

    /// <summary>The most frequent values, most frequent first (ties by value, ordinal).</summary>
    public IReadOnlyList<ValueCount> TopValues { get; init; } = [];

    /// <summary>The share of null rows in [0, 1]; 0 when there are no rows.</summary>
    public double NullFraction => Rows == 0 ? 0 : (double)Nulls / Rows;
}
