using Sluice.Expressions.Syntax;

namespace Sluice.Expressions.Evaluation;

/// <summary>
/// The state of one evaluation: the scope, the source for error locations, and the step budget.
/// A struct passed by reference so that evaluating allocates nothing of its own.
/// </summary>
internal struct EvalContext(IExpressionScope scope, SourceMap source)
{
    private int _steps;
    private long _elements;

    public readonly IExpressionScope Scope => scope;

    public readonly SourceMap Source => source;

    /// <summary>Counts one node visit.</summary>
    public void Step(int offset)
    {
        if (++_steps > ExpressionLimits.MaxSteps)
        {
            throw BudgetExceeded(offset);
        }
    }

    /// <summary>Counts work proportional to <paramref name="count"/> elements (a function walking a list).</summary>
    public void Charge(long count, int offset)
    {
        if ((_elements += count) > ExpressionLimits.MaxElementOperations)
        {
            throw Error(offset, $"evaluation exceeded {ExpressionLimits.MaxElementOperations} element operations; move the work on large lists into a task");
        }
    }

    /// <summary>An evaluation error located at <paramref name="offset"/> of the source.</summary>
    public readonly ExpressionException Error(int offset, string message) => new(message, Source.At(offset));

    /// <summary>Throws when a string of <paramref name="length"/> would exceed the limit.</summary>
    public readonly void CheckStringLength(long length, int offset)
    {
        if (length > ExpressionLimits.MaxStringLength)
        {
            throw Error(offset, $"string of {length} characters exceeds the limit of {ExpressionLimits.MaxStringLength}");
        }
    }

    /// <summary>Throws when a list of <paramref name="length"/> would exceed the limit.</summary>
    public readonly void CheckListLength(long length, int offset)
    {
        if (length > ExpressionLimits.MaxListLength)
        {
            throw Error(offset, $"list of {length} items exceeds the limit of {ExpressionLimits.MaxListLength}");
        }
    }

    private readonly ExpressionException BudgetExceeded(int offset) =>
        Error(offset, $"evaluation exceeded {ExpressionLimits.MaxSteps} steps; simplify the expression or move the work into a task");
}
