using Sluice.Expressions.Evaluation;

namespace Sluice.Expressions.Functions;

/// <summary>len/length, keys, values, items, contains, first, last, reverse (sort and unique in a partial file).</summary>
internal static partial class CollectionFunctions
{
    public static void Register(Registrar add)
    {
        add("len", 1, 1, static (ref EvalContext c, int o, ReadOnlySpan<object?> a) => Length(ref c, o, "len", a));
        add("length", 1, 1, static (ref EvalContext c, int o, ReadOnlySpan<object?> a) => Length(ref c, o, "length", a));
        add("keys", 1, 1, Keys);
        add("values", 1, 1, Values);
        add("items", 1, 1, Items);
        add("contains", 2, 2, static (ref EvalContext c, int o, ReadOnlySpan<object?> a) => Comparison.Contains(ref c, a[0], a[1], "contains()", o));
        add("first", 1, 1, static (ref EvalContext c, int o, ReadOnlySpan<object?> a) => Edge(ref c, o, "first", a, first: true));
        add("last", 1, 1, static (ref EvalContext c, int o, ReadOnlySpan<object?> a) => Edge(ref c, o, "last", a, first: false));
        add("reverse", 1, 1, Reverse);
        add("sort", 1, 2, Sort);
        add("unique", 1, 1, Unique);
    }

    private static long Length(ref EvalContext context, int offset, string name, ReadOnlySpan<object?> args) => args[0] switch
    {
        string s => s.Length,
        IReadOnlyList<object?> list => list.Count,
        IReadOnlyDictionary<string, object?> map => map.Count,
        _ => throw Args.Wrong(ref context, offset, name, 0, "a string, list or map", args[0]),
    };

    private static object Keys(ref EvalContext context, int offset, ReadOnlySpan<object?> args)
    {
        var map = Args.Map(ref context, offset, "keys", args, 0);
        context.Charge(map.Count, offset);
        return map.Keys.ToArray<object?>();
    }

    private static object Values(ref EvalContext context, int offset, ReadOnlySpan<object?> args)
    {
        var map = Args.Map(ref context, offset, "values", args, 0);
        context.Charge(map.Count, offset);
        return map.Values.Select(ExprValues.Normalize).ToArray();
    }

    private static object Items(ref EvalContext context, int offset, ReadOnlySpan<object?> args)
    {
        var map = Args.Map(ref context, offset, "items", args, 0);
        context.Charge(map.Count, offset);
        return map.Select(static pair => (object?)new object?[] { pair.Key, ExprValues.Normalize(pair.Value) }).ToArray();
    }

    private static object? Edge(ref EvalContext context, int offset, string name, ReadOnlySpan<object?> args, bool first) => args[0] switch
    {
        null => null,
        IReadOnlyList<object?> { Count: 0 } or "" => null,
        IReadOnlyList<object?> list => ExprValues.Normalize(list[first ? 0 : list.Count - 1]),
        string s => s[first ? 0 : s.Length - 1].ToString(),
        _ => throw Args.Wrong(ref context, offset, name, 0, "a list or string", args[0]),
    };

    private static object Reverse(ref EvalContext context, int offset, ReadOnlySpan<object?> args)
    {
        switch (args[0])
        {
            case string s:
                var chars = s.ToCharArray();
                Array.Reverse(chars);
                return new string(chars);
            case IReadOnlyList<object?> list:
                context.Charge(list.Count, offset);
                var result = new object?[list.Count];
                for (var i = 0; i < result.Length; i++)
                {
                    result[i] = list[list.Count - 1 - i];
                }

                return result;
            default:
                throw Args.Wrong(ref context, offset, "reverse", 0, "a list or string", args[0]);
        }
    }
}
