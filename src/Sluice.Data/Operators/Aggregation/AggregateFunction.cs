namespace Sluice.Data.Operators.Aggregation;

/// <summary>One output column of an aggregation.</summary>
/// <param name="Kind">The function.</param>
/// <param name="Column">The input column (ignored by <see cref="AggregateKind.CountAll"/>).</param>
/// <param name="Output">The output column name.</param>
/// <param name="Rounding">Median rounding for integers/decimals. The default is <see cref="MedianRounding.HalfUp"/>.</param>
public sealed record AggregateFunction(AggregateKind Kind, string? Column, string Output, MedianRounding Rounding = MedianRounding.HalfUp)
{
    /// <summary>count(*) as <paramref name="output"/>.</summary>
    public static AggregateFunction CountAll(string output) => new(AggregateKind.CountAll, null, output);

    /// <summary>An aggregate of a column.</summary>
    public static AggregateFunction Of(AggregateKind kind, string column, string output) => new(kind, column, output);
}
