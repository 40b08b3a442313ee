namespace Sluice.Expressions.Evaluation;

/// <summary>Slicing with Python's rules: negative bounds count from the end, bounds are clamped, step may be negative.</summary>
internal static partial class Access
{
    public static object? Slice(ref EvalContext context, object? target, object? start, object? stop, object? step, int offset)
    {
        if (target is null)
        {
            return null;
        }

        var count = target switch
        {
            IReadOnlyList<object?> list => list.Count,
            string text => text.Length,
            _ => throw context.Error(offset, $"a '{ExprValues.TypeName(target)}' cannot be sliced"),
        };

        var by = Bound(ref context, step, offset) ?? 1;
        if (by == 0)
        {
            throw context.Error(offset, "slice step cannot be zero");
        }

        var (from, to) = Indices(Bound(ref context, start, offset), Bound(ref context, stop, offset), by, count);
        var length = by > 0 ? Math.Max(0, (to - from + by - 1) / by) : Math.Max(0, (from - to - by - 1) / -by);
        context.Charge(length, offset);
        if (target is string s)
        {
            if (by == 1)
            {
                return s.Substring((int)from, (int)length);
            }

            var chars = new char[length];
            for (var i = 0; i < length; i++)
            {
                chars[i] = s[(int)(from + (i * by))];
            }

            return new string(chars);
        }

        var source = (IReadOnlyList<object?>)target;
        var result = new object?[length];
        for (var i = 0; i < length; i++)
        {
            result[i] = source[(int)(from + (i * by))];
        }

        return result;
    }

    private static long? Bound(ref EvalContext context, object? value, int offset) => value switch
    {
        null => null,
        long l => l,
        _ => throw context.Error(offset, $"slice bounds must be integers or null, not '{ExprValues.TypeName(value)}'"),
    };

    private static (long From, long To) Indices(long? start, long? stop, long step, int count)
    {
        long Clamp(long? bound, long fallback, long low, long high)
        {
            if (bound is not { } b)
            {
                return fallback;
            }

            if (b < 0)
            {
                b += count;
            }

            return Math.Clamp(b, low, high);
        }

        return step > 0
            ? (Clamp(start, 0, 0, count), Clamp(stop, count, 0, count))
            : (Clamp(start, count - 1, -1, count - 1), Clamp(stop, -1, -1, count - 1));
    }
}
