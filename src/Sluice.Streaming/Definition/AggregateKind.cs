namespace Sluice.Streaming.Definition;

/// <summary>The aggregate functions a window computes per key.</summary>
public enum AggregateKind
{
    /// <summary><c>count()</c>: events; <c>count(x)</c>: non-null values.</summary>
    Count,

    /// <summary><c>sum(x)</c>.</summary>
    Sum,

    /// <summary><c>mean(x)</c> (also <c>avg</c>).</summary>
    Mean,

    /// <summary><c>min(x)</c> of numbers or text.</summary>
    Min,

    /// <summary><c>max(x)</c> of numbers or text.</summary>
    Max,

    /// <summary><c>std(x)</c>: the sample standard deviation (n − 1), null under two values.</summary>
    Std,

    /// <summary><c>count_distinct(x)</c>: distinct non-null values (exact).</summary>
    CountDistinct,

    /// <summary><c>first(x)</c>: the first non-null value in arrival order.</summary>
    First,
}
