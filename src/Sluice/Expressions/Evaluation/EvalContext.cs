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
    private Dictionary<object, long>? _sizes;

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

    /// <summary>The text <paramref name="value"/> interpolates as, refused before it is built past the string limit.</summary>
    public readonly string ToText(object? value, int offset) =>
        ExprValues.ToTextWithin(value, ExpressionLimits.MaxStringLength) is { } text && text.Length <= ExpressionLimits.MaxStringLength
            ? text
            : throw Error(offset, $"the text of this value exceeds the limit of {ExpressionLimits.MaxStringLength} characters");

    /// <summary>Throws when a list of <paramref name="length"/> would exceed the limit.</summary>
    public readonly void CheckListLength(long length, int offset)
    {
        if (length > ExpressionLimits.MaxListLength)
        {
            throw Error(offset, $"list of {length} items exceeds the limit of {ExpressionLimits.MaxListLength}");
        }
    }

    /// <summary>
    /// The approximate size of <paramref name="value"/> as if every shared list or map were a copy (see
    /// <see cref="ExpressionLimits.MaxValueSize"/>). Sizes of lists and maps are remembered by reference for this
    /// evaluation, so a value built from many references to one list costs one visit per distinct list; the count stops
    /// just past the limit.
    /// </summary>
    public long SizeOf(object? value) => SizeOf(value, 0);

    /// <summary>Throws when a value of <paramref name="size"/> (from <see cref="SizeOf(object?)"/>) would exceed the limit.</summary>
    public readonly void CheckValueSize(long size, int offset)
    {
        if (size > ExpressionLimits.MaxValueSize)
        {
            throw Error(offset, $"the value would hold more than {ExpressionLimits.MaxValueSize / 1_000_000} MB (lists repeated or nested inside each other count once per copy); move the work on large data into a task");
        }
    }

    /// <summary>Remembers the size of a list or map just built, so values built from it are measured without walking it again.</summary>
    public void RememberSize(object container, long size) => (_sizes ??= new(ReferenceEqualityComparer.Instance))[container] = size;

    /// <summary>
    /// Lists and maps walked while measuring are remembered only from this many entries: a small one is cheaper to walk
    /// again than to look up, and an ordinary template then allocates no table at all. Values that share references
    /// (repetition, concatenation) are always remembered when built.
    /// </summary>
    private const int RememberFrom = 16;

    private long SizeOf(object? value, int depth)
    {
        const long cell = 8;
        switch (value)
        {
            case string s:
                return cell + s.Length;
            case IReadOnlyList<object?> or IReadOnlyDictionary<string, object?> when _sizes?.TryGetValue(value, out var known) == true:
                return known;
            case IReadOnlyList<object?> list:
                {
                    var total = cell;
                    for (var i = 0; i < list.Count && total <= ExpressionLimits.MaxValueSize && depth < ExpressionLimits.MaxValueDepth; i++)
                    {
                        total += SizeOf(list[i], depth + 1);
                    }
                    if (list.Count >= RememberFrom)
                    {
                        RememberSize(list, total);
                    }
                    return total;
                }
            case IReadOnlyDictionary<string, object?> map:
                {
                    var total = cell;
                    foreach (var (key, item) in map)
                    {
                        if (total > ExpressionLimits.MaxValueSize || depth >= ExpressionLimits.MaxValueDepth)
                        {
                            break;
                        }
                        total += cell + key.Length + SizeOf(item, depth + 1);
                    }
                    if (map.Count >= RememberFrom)
                    {
                        RememberSize(map, total);
                    }
                    return total;
                }
            default:
                return cell;
        }
    }

    private readonly ExpressionException BudgetExceeded(int offset) =>
        Error(offset, $"evaluation exceeded {ExpressionLimits.MaxSteps} steps; simplify the expression or move the work into a task");
}
