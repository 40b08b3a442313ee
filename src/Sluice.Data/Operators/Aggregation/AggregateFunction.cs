namespace Sluice.Data.Operators.Aggregation;

/// <summary>One output column of an aggregation.</summary>
/// <param name="Kind">The function.</param>
/// <param name="Column">The input column (ignored by <see cref="AggregateKind.CountAll"/>); y for the regressions, the returned value for arg_max/arg_min.</param>
/// <param name="Output">The output column name.</param>
/// <param name="Rounding">Median rounding for integers/decimals. The default is <see cref="MedianRounding.HalfUp"/>.</param>
public sealed record AggregateFunction(AggregateKind Kind, string? Column, string Output, MedianRounding Rounding = MedianRounding.HalfUp)
{
    /// <summary>The second input column of two-column aggregates: x for corr, covariances and regressions, the ranked column of arg_max/arg_min.</summary>
    public string? Second { get; init; }

    /// <summary>The fraction of the quantiles, from 0 to 1. The default is 0.5.</summary>
    public double Fraction { get; init; } = 0.5;

    /// <summary>The separator of <see cref="AggregateKind.StringAgg"/>. The default is ",".</summary>
    public string Separator { get; init; } = ",";

    /// <summary>count(*) as <paramref name="output"/>.</summary>
    public static AggregateFunction CountAll(string output) => new(AggregateKind.CountAll, null, output);

    /// <summary>An aggregate of a column.</summary>
    public static AggregateFunction Of(AggregateKind kind, string column, string output) => new(kind, column, output);

    /// <summary>An aggregate of two columns (corr, covariances, regressions: y then x; arg_max/arg_min: the value then the ranked column).</summary>
    public static AggregateFunction Of(AggregateKind kind, string column, string second, string output) => new(kind, column, output) { Second = second };

    /// <summary>Whether the kind reads <see cref="Second"/>.</summary>
    public static bool TakesTwoColumns(AggregateKind kind) =>
        kind is AggregateKind.Corr or AggregateKind.CovarPop or AggregateKind.CovarSamp or AggregateKind.RegrSlope or AggregateKind.RegrIntercept
            or AggregateKind.RegrR2 or AggregateKind.ArgMax or AggregateKind.ArgMin;
}
