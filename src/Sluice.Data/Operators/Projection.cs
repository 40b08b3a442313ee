using Sluice.Data.ColumnExpressions;

namespace Sluice.Data.Operators;

/// <summary>An output column: a name and the expression that computes it.</summary>
/// <param name="Name">The output column name.</param>
/// <param name="Expression">The expression over the input columns.</param>
public sealed record Projection(string Name, ColumnExpr Expression);
