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
    /// <summary>
    /// Quantile <see cref="AggregateFunction.Fraction"/> with linear interpolation between the two nearest values
    /// (numpy's <c>linear</c>, DuckDB's <c>quantile_cont</c>): position h = (n − 1)·p; float64.
    /// </summary>
    QuantileCont,
    /// <summary>
    /// Quantile <see cref="AggregateFunction.Fraction"/> as an input value: the smallest value whose cumulative share
    /// reaches p, position ⌈n·p⌉ − 1 (numpy's <c>inverted_cdf</c>, DuckDB's <c>quantile_disc</c>); the input type.
    /// </summary>
    QuantileDisc,
    /// <summary>The most frequent non-null value; ties go to the value seen first.</summary>
    Mode,
    /// <summary>Pearson correlation of the rows where both columns are non-null (NaN when either is constant).</summary>
    Corr,
    /// <summary>Population covariance of the rows where both columns are non-null.</summary>
    CovarPop,
    /// <summary>Sample covariance of the rows where both columns are non-null (null for fewer than 2).</summary>
    CovarSamp,
    /// <summary>Least-squares slope of y (<see cref="AggregateFunction.Column"/>) on x (<see cref="AggregateFunction.Second"/>).</summary>
    RegrSlope,
    /// <summary>Least-squares intercept of y on x.</summary>
    RegrIntercept,
    /// <summary>Coefficient of determination of y on x: null when x is constant, 1 when y is.</summary>
    RegrR2,
    /// <summary>The value of <see cref="AggregateFunction.Column"/> on the row with the largest <see cref="AggregateFunction.Second"/>; rows with either null are skipped, ties go to the first.</summary>
    ArgMax,
    /// <summary>The value of <see cref="AggregateFunction.Column"/> on the row with the smallest <see cref="AggregateFunction.Second"/>.</summary>
    ArgMin,
    /// <summary>The non-null strings joined by <see cref="AggregateFunction.Separator"/> in input order (null when there are none).</summary>
    StringAgg,
    /// <summary>The first non-null value in input order.</summary>
    AnyValue,
}
