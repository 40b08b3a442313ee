using System.Globalization;

namespace Sluice.Data.Quality.Checks;

/// <summary>A condition on a metric value, such as <c>&gt; 5</c> or <c>between 1 and 10</c>.</summary>
/// <param name="Operator">The comparison.</param>
/// <param name="Value">The bound (the lower bound for between).</param>
/// <param name="UpperValue">The upper bound for between; otherwise equal to <paramref name="Value"/>.</param>
/// <param name="IsDuration">True when the bounds were written as durations (<c>1d</c>); they are then in seconds.</param>
public sealed record Threshold(ComparisonOperator Operator, double Value, double UpperValue, bool IsDuration = false)
{
    /// <summary>True when <paramref name="metric"/> satisfies the condition. Equality is exact.</summary>
    public bool Matches(double metric) => Operator switch
    {
        ComparisonOperator.Less => metric < Value,
        ComparisonOperator.LessOrEqual => metric <= Value,
        ComparisonOperator.Greater => metric > Value,
        ComparisonOperator.GreaterOrEqual => metric >= Value,
        ComparisonOperator.Equal => metric == Value,
        ComparisonOperator.NotEqual => metric != Value,
        ComparisonOperator.Between => metric >= Value && metric <= UpperValue,
        _ => metric < Value || metric > UpperValue,
    };

    /// <summary>The condition as check-language text, e.g. <c>between 1 and 5</c>.</summary>
    public override string ToString() => Operator switch
    {
        ComparisonOperator.Between => $"between {Format(Value)} and {Format(UpperValue)}",
        ComparisonOperator.NotBetween => $"not between {Format(Value)} and {Format(UpperValue)}",
        _ => $"{Symbol(Operator)} {Format(Value)}",
    };

    private string Format(double v) => IsDuration ? $"{v.ToString(CultureInfo.InvariantCulture)}s" : v.ToString(CultureInfo.InvariantCulture);

    private static string Symbol(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        ComparisonOperator.GreaterOrEqual => ">=",
        ComparisonOperator.Equal => "=",
        _ => "!=",
    };
}
