namespace Sluice.Expressions.Evaluation;

/// <summary>The arithmetic operators.</summary>
internal enum BinaryOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    FloorDivide,
    Modulo,
    Power,
}
