namespace Sluice.Data.Expressions;

/// <summary>Unary operators.</summary>
public enum UnaryOperator
{
    /// <summary>Arithmetic negation.</summary>
    Negate,
    /// <summary>Logical not (null stays null).</summary>
    Not,
}
