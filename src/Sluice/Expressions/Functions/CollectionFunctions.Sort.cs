using Sluice.Expressions.Evaluation;

namespace Sluice.Expressions.Functions;

/// <summary>sort(list[, reverse]) is stable like Python's; unique(list) keeps first occurrences in order.</summary>
internal static partial class CollectionFunctions
{
    private static object Sort(ref EvalContext context, int offset, ReadOnlySpan<object?> args)
    {
        var list = Args.List(ref context, offset, "sort", args, 0);
        var descending = args.Length > 1 && ExprValues.IsTruthy(args[1]);
        context.Charge(list.Count * (long)Math.Max(1, Math.Log2(list.Count + 1)), offset);

        var items = new object?[list.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = ExprValues.Normalize(list[i]);
            // Checking every element against the first up front means the sort itself never meets an incomparable pair.
            if (i > 0 && !ExprValues.TryCompare(items[i], items[0], out _))
            {
                throw context.Error(offset, $"sort() cannot compare '{ExprValues.TypeName(items[i])}' with '{ExprValues.TypeName(items[0])}'");
            }
        }

        if (items.Length == 1 && !ExprValues.TryCompare(items[0], items[0], out _))
        {
            throw context.Error(offset, $"sort() cannot order a '{ExprValues.TypeName(items[0])}'");
        }

        var order = new int[items.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var sign = descending ? -1 : 1;
        Array.Sort(order, (x, y) =>
        {
            ExprValues.TryCompare(items[x], items[y], out var c);
            return c != 0 ? c * sign : x.CompareTo(y);
        });

        var result = new object?[items.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = items[order[i]];
        }

        return result;
    }

    private static object Unique(ref EvalContext context, int offset, ReadOnlySpan<object?> args)
    {
        var list = Args.List(ref context, offset, "unique", args, 0);
        context.Charge(list.Count, offset);
        var seen = new HashSet<object?>(ValueComparer.Instance);
        var result = new List<object?>();
        for (var i = 0; i < list.Count; i++)
        {
            var item = ExprValues.Normalize(list[i]);
            if (seen.Add(item))
            {
                result.Add(item);
            }
        }

        return result.ToArray();
    }
}
