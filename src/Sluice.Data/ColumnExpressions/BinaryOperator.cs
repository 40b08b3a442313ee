namespace Sluice.Data.ColumnExpressions;

/// <summary>Binary operators.</summary>
public enum BinaryOperator
{
    /// <summary>+</summary>
    Add,
    /// <summary>-</summary>
    Subtract,
    /// <summary>*</summary>
    Multiply,
    /// <summary>/ (float64 result; null on division by zero).</summary>
    Divide,
    /// <summary>// (integers, rounds toward minus infinity; null on division by zero).</summary>
    FloorDivide,
    /// <summary>% (integers, sign of the divisor as in Python; null on division by zero).</summary>
    Modulo,
    /// <summary>==</summary>
    Equal,
    /// <summary>!=</summary>
    NotEqual,
    /// <summary>&lt;</summary>
    Less,
    /// <summary>&lt;=</summary>
    LessOrEqual,
    /// <summary>&gt;</summary>
    Greater,
    /// <summary>&gt;=</summary>
    GreaterOrEqual,
    /// <summary>Three-valued and.</summary>
    And,
    /// <summary>Three-valued or.</summary>
    Or,
    /// <summary>** (float64 result, as Math.Pow; NaN for a negative base with a fractional exponent).</summary>
    Power,
}
