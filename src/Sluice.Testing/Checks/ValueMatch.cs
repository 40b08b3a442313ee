using System.Collections;
using System.Globalization;
using Sluice.Expressions;

namespace Sluice.Testing.Checks;

/// <summary>
/// Compares an expected value from a test file with what a run produced: maps by the keys the test lists (others are
/// ignored), lists item by item, numbers by value (<c>12.5</c> equals <c>12.50</c>), everything else by its text.
/// </summary>
public static class ValueMatch
{
    /// <summary>Adds one line per difference to <paramref name="differences"/>, each starting with the path of the value.</summary>
    public static void Compare(object? expected, object? actual, string path, List<string> differences)
    {
        ArgumentNullException.ThrowIfNull(differences);
        switch (expected)
        {
            case IReadOnlyDictionary<string, object?> map:
                foreach (var (key, value) in map)
                {
                    if (!TryMember(actual, key, out var member))
                    {
                        differences.Add($"{path}.{key}: expected {Text(value)}, but {Describe(actual)} has no '{key}'");
                        continue;
                    }
                    Compare(value, member, $"{path}.{key}", differences);
                }
                break;
            case IList list when actual is IEnumerable items && actual is not string:
                var got = items.Cast<object?>().ToList();
                for (var i = 0; i < Math.Min(list.Count, got.Count); i++)
                {
                    Compare(list[i], got[i], $"{path}[{i}]", differences);
                }
                if (list.Count != got.Count)
                {
                    differences.Add($"{path}: expected {list.Count} items, got {got.Count}: {Text(actual)}");
                }
                break;
            default:
                if (!ScalarEquals(expected, actual))
                {
                    differences.Add($"{path}: expected {Text(expected)}, got {Text(actual)}");
                }
                break;
        }
    }

    /// <summary>True when two scalars are equal: numbers by value, the rest by text.</summary>
    public static bool ScalarEquals(object? expected, object? actual) =>
        Number(expected) is { } e && Number(actual) is { } a ? e == a : Text(expected) == Text(actual);

    /// <summary>A value as a test file would write it: <c>null</c>, <c>true</c>, <c>12.5</c>, <c>north</c>, <c>{a: 1}</c>, <c>[1, 2]</c>.</summary>
    public static string Text(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        string s => s,
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        _ when Number(value) is { } n => n.ToString(CultureInfo.InvariantCulture),
        IReadOnlyDictionary<string, object?> map => "{" + string.Join(", ", map.Select(static kv => $"{kv.Key}: {Text(kv.Value)}")) + "}",
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Text)) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static decimal? Number(object? value)
    {
        try
        {
            return value switch
            {
                long or int or short or byte or decimal => Convert.ToDecimal(value, CultureInfo.InvariantCulture) / 1.000000000000000000000000000000000m,
                double d when double.IsFinite(d) && Math.Abs(d) < 1e27 => (decimal)d / 1.000000000000000000000000000000000m,
                float f when float.IsFinite(f) => (decimal)f / 1.000000000000000000000000000000000m,
                _ => null,
            };
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static bool TryMember(object? actual, string key, out object? member)
    {
        switch (actual)
        {
            case IReadOnlyDictionary<string, object?> map:
                return map.TryGetValue(key, out member);
            case IExpressionObject obj:
                return obj.TryGetMember(key, out member);
            default:
                member = null;
                return false;
        }
    }

    private static string Describe(object? value) => value switch
    {
        null => "the value is null and",
        IReadOnlyDictionary<string, object?> => "the map",
        _ => $"'{Text(value)}'",
    };
}
