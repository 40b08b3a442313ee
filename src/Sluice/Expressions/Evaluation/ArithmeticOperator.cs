namespace Sluice.Expressions.Evaluation;

/// <summary>The arithmetic operators.</summary>
internal enum ArithmeticOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    FloorDivide,
    Modulo,
    Power,
}
