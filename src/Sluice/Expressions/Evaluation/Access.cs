namespace Sluice.Expressions.Evaluation;

/// <summary>
/// Member access, indexing and slicing. Null propagates (<c>skipped_task.output</c> is null); a missing map key
/// is null; a missing member of an <see cref="IExpressionObject"/> and a list index out of range are errors.
/// </summary>
internal static partial class Access
{
    public static object? Member(ref EvalContext context, object? target, string name, int offset) => target switch
    {
        null => null,
        IReadOnlyDictionary<string, object?> map => map.TryGetValue(name, out var value) ? ExprValues.Normalize(value) : null,
        IExpressionObject obj => obj.TryGetMember(name, out var value)
            ? ExprValues.Normalize(value)
            : throw context.Error(offset, $"'{ExprValues.TypeName(target)}' has no member '{name}'"),
        _ => throw context.Error(offset, $"cannot read member '{name}' of a '{ExprValues.TypeName(target)}'"),
    };

    public static object? Index(ref EvalContext context, object? target, object? key, int offset)
    {
        switch (target, key)
        {
            case (null, _):
                return null;
            case (IReadOnlyList<object?> list, long i):
                return ExprValues.Normalize(list[Position(ref context, i, list.Count, offset)]);
            case (string text, long i):
                return text[Position(ref context, i, text.Length, offset)].ToString();
            case (IReadOnlyDictionary<string, object?> or IExpressionObject, string name):
                return Member(ref context, target, name, offset);
            case (IReadOnlyList<object?> or string, _):
                throw context.Error(offset, $"{ExprValues.TypeName(target)} indexes must be integers, not '{ExprValues.TypeName(key)}'");
            case (IReadOnlyDictionary<string, object?> or IExpressionObject, _):
                throw context.Error(offset, $"map keys are strings, not '{ExprValues.TypeName(key)}'");
            default:
                throw context.Error(offset, $"a '{ExprValues.TypeName(target)}' cannot be indexed");
        }
    }

    private static int Position(ref EvalContext context, long index, int count, int offset)
    {
        var position = index < 0 ? index + count : index;
        if (position < 0 || position >= count)
        {
            throw context.Error(offset, $"index {index} is out of range (length {count})");
        }

        return (int)position;
    }
}
