namespace Sluice.Data.ColumnExpressions;

/// <summary>A binary operation.</summary>
/// <param name="Operator">The operator.</param>
/// <param name="Left">The left operand.</param>
/// <param name="Right">The right operand.</param>
public sealed record BinaryExpr(BinaryOperator Operator, ColumnExpr Left, ColumnExpr Right) : ColumnExpr
{
    /// <inheritdoc />
    public override string ToString() => $"({Left} {Operator} {Right})";
}
