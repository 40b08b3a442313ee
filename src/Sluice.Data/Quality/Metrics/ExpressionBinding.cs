using Sluice.Data.ColumnExpressions;

namespace Sluice.Data.Quality.Metrics;

/// <summary>An expression check compiled for one schema, or why it could not be (an unknown column, a type error).</summary>
/// <param name="Compiled">The compiled expression; null on error.</param>
/// <param name="Error">What is wrong and where (e.g. <c>checks[2]:1:13: unknown column 'amout' (did you mean 'amount'?)</c>); null on success.</param>
public sealed record ExpressionBinding(CompiledExpr? Compiled, string? Error = null)
{
    /// <summary>A failed binding.</summary>
    public static ExpressionBinding Failed(string error) => new(null, error);
}
