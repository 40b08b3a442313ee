namespace Sluice.Data.Operators.Aggregation;

/// <summary>Aggregate functions. Integer and decimal sums are exact (128-bit); nulls are ignored except by <see cref="CountAll"/>.</summary>
public enum AggregateKind
{
    /// <summary>Number of rows (count(*)).</summary>
    CountAll,
    /// <summary>Number of non-null values.</summary>
    Count,
    /// <summary>Sum; bools count the true values. Int64/decimal exact; the result keeps the input type.</summary>
    Sum,
    /// <summary>Mean. Decimal input: a decimal of the same scale rounded half away from zero; otherwise float64.</summary>
    Mean,
    /// <summary>Minimum.</summary>
    Min,
    /// <summary>Maximum.</summary>
    Max,
    /// <summary>Exact median; integers and decimals combine the middle values with <see cref="Operators.MedianRounding"/>.</summary>
    Median,
    /// <summary>Population variance (float64).</summary>
    VarPop,
    /// <summary>Sample variance (float64; null for fewer than 2 values).</summary>
    VarSamp,
    /// <summary>Population standard deviation (float64).</summary>
    StdPop,
    /// <summary>Sample standard deviation (float64).</summary>
    StdSamp,
    /// <summary>Number of distinct non-null values.</summary>
    CountDistinct,
    /// <summary>The first value in input order (nulls included).</summary>
    First,
    /// <summary>The last value in input order (nulls included).</summary>
    Last,
}
