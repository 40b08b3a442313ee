using System.Collections;
using System.Text.Json;
using Sluice.Diagnostics;

namespace Sluice.Expressions;

/// <summary>
/// Helpers over expression values: <c>null</c>, <see cref="bool"/>, <see cref="long"/>, <see cref="double"/>,
/// <see cref="string"/>, <see cref="IReadOnlyList{T}"/> of object and <see cref="IReadOnlyDictionary{TKey, TValue}"/>
/// of string to object. Other objects are opaque, except <see cref="IExpressionObject"/>.
/// </summary>
public static partial class ExprValues
{
    /// <summary>
    /// Converts a CLR value to its canonical expression type: other integers become <see cref="long"/>,
    /// <see cref="float"/> and <see cref="decimal"/> become <see cref="double"/>, a <see cref="char"/> a string,
    /// a <see cref="JsonElement"/> its value, and other lists and dictionaries are copied into canonical ones.
    /// Canonical values are returned as they are, without allocating.
    /// </summary>
    public static object? Normalize(object? value) => Normalize(value, 0);

    private static object? Normalize(object? value, int depth) => value switch
    {
        null or string or long or bool or double => value,
        IReadOnlyList<object?> or IReadOnlyDictionary<string, object?> or IExpressionObject => value,
        int i => (long)i,
        decimal m => (double)m,
        float f => (double)f,
        short s => (long)s,
        byte b => (long)b,
        sbyte sb => (long)sb,
        ushort us => (long)us,
        uint ui => (long)ui,
        ulong ul => ul <= long.MaxValue ? (long)ul : (double)ul,
        char c => c.ToString(),
        JsonElement element => FromJson(element),
        IDictionary dictionary => CopyDictionary(dictionary, depth),
        IList list => CopyList(list, depth),
        _ => value,
    };

    /// <summary>Python truthiness: null, false, 0, 0.0, "" and empty lists and maps are false; everything else is true.</summary>
    public static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        IReadOnlyList<object?> list => list.Count > 0,
        IReadOnlyDictionary<string, object?> map => map.Count > 0,
        _ => true,
    };

    /// <summary>
    /// The name of a value's type as messages show it: <c>null</c>, <c>bool</c>, <c>int</c>, <c>float</c>,
    /// <c>string</c>, <c>list</c>, <c>map</c>, or the CLR type name of an opaque object.
    /// </summary>
    public static string TypeName(object? value) => value switch
    {
        null => "null",
        bool => "bool",
        long or int => "int",
        double => "float",
        string => "string",
        IReadOnlyList<object?> => "list",
        IReadOnlyDictionary<string, object?> => "map",
        _ => value.GetType().Name,
    };

    /// <summary>
    /// Equality as the <c>==</c> operator sees it: numbers compare by value across int and float, strings
    /// ordinally, lists and maps element by element; a bool never equals a number.
    /// </summary>
    public static bool AreEqual(object? left, object? right) => AreEqual(left, right, 0);

    /// <summary>
    /// Orders two values: numbers by value, strings ordinally, bools (false first), lists lexicographically.
    /// </summary>
    /// <exception cref="ExpressionException">The values cannot be ordered (for example a string and an int, or null).</exception>
    public static int Compare(object? left, object? right) =>
        TryCompare(left, right, out var result)
            ? result
            : throw new ExpressionException($"cannot order '{TypeName(left)}' and '{TypeName(right)}'", SourceLocation.None);

    internal static bool AreEqual(object? left, object? right, int depth)
    {
        switch (left, right)
        {
            case (null, null): return true;
            case (null, _) or (_, null): return false;
            case (long a, long b): return a == b;
            case (long a, double b): return a == b;
            case (double a, long b): return a == b;
            case (double a, double b): return a == b;
            case (string a, string b): return string.Equals(a, b, StringComparison.Ordinal);
            case (bool a, bool b): return a == b;
            case (IReadOnlyList<object?> a, IReadOnlyList<object?> b): return ListsEqual(a, b, depth);
            case (IReadOnlyDictionary<string, object?> a, IReadOnlyDictionary<string, object?> b): return MapsEqual(a, b, depth);
            default: return left.Equals(right);
        }
    }

    internal static bool TryCompare(object? left, object? right, out int result)
    {
        switch (left, right)
        {
            case (long a, long b): result = a.CompareTo(b); return true;
            case (long a, double b): result = ((double)a).CompareTo(b); return true;
            case (double a, long b): result = a.CompareTo(b); return true;
            case (double a, double b): result = a.CompareTo(b); return true;
            case (string a, string b): result = Math.Sign(string.CompareOrdinal(a, b)); return true;
            case (bool a, bool b): result = a.CompareTo(b); return true;
            case (IReadOnlyList<object?> a, IReadOnlyList<object?> b): return TryCompareLists(a, b, 0, out result);
            default: result = 0; return false;
        }
    }

    internal static void CheckDepth(int depth)
    {
        if (depth > ExpressionLimits.MaxValueDepth)
        {
            throw new ExpressionException($"value is nested more than {ExpressionLimits.MaxValueDepth} levels deep", SourceLocation.None);
        }
    }

    private static bool ListsEqual(IReadOnlyList<object?> a, IReadOnlyList<object?> b, int depth)
    {
        CheckDepth(depth);
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!AreEqual(Normalize(a[i]), Normalize(b[i]), depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    private static bool MapsEqual(IReadOnlyDictionary<string, object?> a, IReadOnlyDictionary<string, object?> b, int depth)
    {
        CheckDepth(depth);
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other) || !AreEqual(Normalize(value), Normalize(other), depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryCompareLists(IReadOnlyList<object?> a, IReadOnlyList<object?> b, int depth, out int result)
    {
        CheckDepth(depth);
        var common = Math.Min(a.Count, b.Count);
        for (var i = 0; i < common; i++)
        {
            var x = Normalize(a[i]);
            var y = Normalize(b[i]);
            if (AreEqual(x, y, depth + 1))
            {
                continue;
            }

            return x is IReadOnlyList<object?> xs && y is IReadOnlyList<object?> ys
                ? TryCompareLists(xs, ys, depth + 1, out result)
                : TryCompare(x, y, out result);
        }

        result = a.Count.CompareTo(b.Count);
        return true;
    }

    private static Dictionary<string, object?> CopyDictionary(IDictionary source, int depth)
    {
        CheckDepth(depth);
        var copy = new Dictionary<string, object?>(source.Count, StringComparer.Ordinal);
        foreach (DictionaryEntry entry in source)
        {
            copy[Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty] = Normalize(entry.Value, depth + 1);
        }

        return copy;
    }

    private static object?[] CopyList(IList source, int depth)
    {
        CheckDepth(depth);
        var copy = new object?[source.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = Normalize(source[i], depth + 1);
        }

        return copy;
    }
}
