namespace Sluice.Data.ColumnExpressions;

/// <summary>Unary operators.</summary>
public enum UnaryOperator
{
    /// <summary>Arithmetic negation.</summary>
    Negate,
    /// <summary>Logical not (null stays null).</summary>
    Not,
}
