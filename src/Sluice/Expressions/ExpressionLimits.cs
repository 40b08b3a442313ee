namespace Sluice.Expressions;

/// <summary>
/// The bounds every expression evaluation respects, so that a pipeline definition can never hang or
/// exhaust the memory of the process that evaluates it. Exceeding one raises <see cref="ExpressionException"/>.
/// </summary>
public static class ExpressionLimits
{
    /// <summary>Node visits allowed per evaluation: 1,000,000.</summary>
    public const int MaxSteps = 1_000_000;

    /// <summary>Elements that functions and operators may touch per evaluation (building, copying, sorting lists): 10,000,000.</summary>
    public const int MaxElementOperations = 10_000_000;

    /// <summary>The longest string an expression may build, in UTF-16 code units: 10,000,000.</summary>
    public const int MaxStringLength = 10_000_000;

    /// <summary>The longest list an expression may build (<c>range</c>, <c>+</c>, <c>*</c>): 1,000,000.</summary>
    public const int MaxListLength = 1_000_000;

    /// <summary>
    /// The largest value an expression may build, in approximate bytes (8 per number, bool or null, 8 plus the length of a
    /// string, 8 plus the contents of a list or map), counting a list or map that appears several times once per
    /// appearance, since it is copied when printed or stored: 50,000,000.
    /// </summary>
    public const long MaxValueSize = 50_000_000;

    /// <summary>The deepest nesting the parser accepts (parentheses, operators, lists): 200.</summary>
    public const int MaxDepth = 200;

    /// <summary>The deepest nesting of lists and maps inside a value that is compared, printed or serialized: 256.</summary>
    public const int MaxValueDepth = 256;
}
