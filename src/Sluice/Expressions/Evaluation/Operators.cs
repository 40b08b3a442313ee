namespace Sluice.Expressions.Evaluation;

/// <summary>How operators are spelled in messages.</summary>
internal static class Operators
{
    public static string Symbol(ArithmeticOperator op) => op switch
    {
        ArithmeticOperator.Add => "+",
        ArithmeticOperator.Subtract => "-",
        ArithmeticOperator.Multiply => "*",
        ArithmeticOperator.Divide => "/",
        ArithmeticOperator.FloorDivide => "//",
        ArithmeticOperator.Modulo => "%",
        _ => "**",
    };

    public static string Symbol(CompareOperator op) => op switch
    {
        CompareOperator.Equal => "==",
        CompareOperator.NotEqual => "!=",
        CompareOperator.Less => "<",
        CompareOperator.LessOrEqual => "<=",
        CompareOperator.Greater => ">",
        CompareOperator.GreaterOrEqual => ">=",
        CompareOperator.In => "in",
        _ => "not in",
    };
}
