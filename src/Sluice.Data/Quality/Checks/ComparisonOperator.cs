namespace Sluice.Data.Quality.Checks;

/// <summary>How a <see cref="Threshold"/> compares a metric value.</summary>
public enum ComparisonOperator
{
    /// <summary><c>&lt;</c></summary>
    Less,

    /// <summary><c>&lt;=</c></summary>
    LessOrEqual,

    /// <summary><c>&gt;</c></summary>
    Greater,

    /// <summary><c>&gt;=</c></summary>
    GreaterOrEqual,

    /// <summary><c>=</c> (also <c>==</c>)</summary>
    Equal,

    /// <summary><c>!=</c> (also <c>&lt;&gt;</c>)</summary>
    NotEqual,

    /// <summary><c>between a and b</c>, both ends included.</summary>
    Between,

    /// <summary><c>not between a and b</c>: below a or above b.</summary>
    NotBetween,
}
