namespace Sluice.Expressions.Evaluation;

/// <summary>Comparison and membership with Python semantics.</summary>
internal static class Comparison
{
    public static bool Apply(ref EvalContext context, CompareOperator op, object? left, object? right, int offset)
    {
        switch (op)
        {
            case CompareOperator.Equal: return ExprValues.AreEqual(left, right);
            case CompareOperator.NotEqual: return !ExprValues.AreEqual(left, right);
            case CompareOperator.In: return Contains(ref context, right, left, "in", offset);
            case CompareOperator.NotIn: return !Contains(ref context, right, left, "not in", offset);
        }

        if (!ExprValues.TryCompare(left, right, out var order))
        {
            throw context.Error(offset, $"'{Operators.Symbol(op)}' is not supported between '{ExprValues.TypeName(left)}' and '{ExprValues.TypeName(right)}'");
        }

        if (left is double.NaN || right is double.NaN)
        {
            // NaN is unordered: every ordering comparison with it is false, as in Python.
            return false;
        }

        return op switch
        {
            CompareOperator.Less => order < 0,
            CompareOperator.LessOrEqual => order <= 0,
            CompareOperator.Greater => order > 0,
            _ => order >= 0,
        };
    }

    /// <summary>List membership, substring, or map key (member of an <see cref="IExpressionObject"/>).</summary>
    public static bool Contains(ref EvalContext context, object? container, object? item, string op, int offset)
    {
        switch (container)
        {
            case string text when item is string part:
                return text.Contains(part, StringComparison.Ordinal);
            case string:
                throw context.Error(offset, $"'{op} <string>' requires a string on the left, not '{ExprValues.TypeName(item)}'");
            case IReadOnlyList<object?> list:
                context.Charge(list.Count, offset);
                for (var i = 0; i < list.Count; i++)
                {
                    if (ExprValues.AreEqual(ExprValues.Normalize(list[i]), item))
                    {
                        return true;
                    }
                }

                return false;
            case IReadOnlyDictionary<string, object?> map:
                return item is string key && map.ContainsKey(key);
            case IExpressionObject obj:
                return item is string name && obj.TryGetMember(name, out _);
            default:
                throw context.Error(offset, $"'{op}' needs a list, string or map on the right, not '{ExprValues.TypeName(container)}'");
        }
    }
}
