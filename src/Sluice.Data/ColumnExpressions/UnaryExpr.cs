namespace Sluice.Data.ColumnExpressions;

/// <summary>A unary operation.</summary>
/// <param name="Operator">The operator.</param>
/// <param name="Operand">The operand.</param>
public sealed record UnaryExpr(UnaryOperator Operator, ColumnExpr Operand) : ColumnExpr
{
    /// <inheritdoc />
    public override string ToString() => Operator == UnaryOperator.Not ? $"(not {Operand})" : $"(-{Operand})";
}
