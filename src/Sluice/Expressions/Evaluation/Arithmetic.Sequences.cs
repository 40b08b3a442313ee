namespace Sluice.Expressions.Evaluation;

/// <summary>Concatenation and repetition of strings and lists, bounded by the limits.</summary>
internal static partial class Arithmetic
{
    public static string Concat(ref EvalContext context, string a, string b, int offset)
    {
        context.CheckStringLength((long)a.Length + b.Length, offset);
        return string.Concat(a, b);
    }

    public static object?[] Concat(ref EvalContext context, IReadOnlyList<object?> a, IReadOnlyList<object?> b, int offset)
    {
        context.CheckListLength((long)a.Count + b.Count, offset);
        // Both sides are measured before anything is copied: their items may be large lists shared many times.
        var size = context.SizeOf(a) + context.SizeOf(b) - 8;
        context.CheckValueSize(size, offset);
        context.Charge((long)a.Count + b.Count, offset);
        var result = new object?[a.Count + b.Count];
        for (var i = 0; i < a.Count; i++)
        {
            result[i] = a[i];
        }

        for (var i = 0; i < b.Count; i++)
        {
            result[a.Count + i] = b[i];
        }

        context.RememberSize(result, size);
        return result;
    }

    private static object Repeat(ref EvalContext context, object? sequence, long times, int offset)
    {
        // Clamping keeps the size computation in range; anything past the limit fails the check anyway.
        times = Math.Clamp(times, 0, int.MaxValue);
        if (sequence is string text)
        {
            context.CheckStringLength(text.Length * times, offset);
            return times == 0 || text.Length == 0 ? string.Empty : string.Concat(Enumerable.Repeat(text, (int)times));
        }

        var list = (IReadOnlyList<object?>)sequence!;
        var total = list.Count * times;
        context.CheckListLength(total, offset);
        // The copies share their items: measured as copies before the list is built.
        var size = 8 + ((context.SizeOf(list) - 8) * times);
        context.CheckValueSize(size, offset);
        context.Charge(total, offset);
        var result = new object?[total];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = list[i % list.Count];
        }

        context.RememberSize(result, size);
        return result;
    }
}
