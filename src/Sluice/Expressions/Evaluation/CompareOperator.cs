namespace Sluice.Expressions.Evaluation;

/// <summary>The comparison operators, including membership.</summary>
internal enum CompareOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    In,
    NotIn,
}
