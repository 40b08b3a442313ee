using System.Collections;
using System.Globalization;

namespace Sluice.Definition.Building;

/// <summary>
/// Brings values given in C# to the shapes the YAML loader produces (long, double, string, bool, null,
/// List, Dictionary, AutoValue), so both front ends yield the same definition and the same hash.
/// </summary>
internal static class ValueNormalizer
{
    public static object? Normalize(object? value) => value switch
    {
        null or string or bool or long or double or AutoValue => value,
        int or short or byte or sbyte or ushort or uint => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        float or decimal => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        TimeSpan ts => DurationParser.Format(ts),
        DateTimeOffset dto => dto.ToString("O", CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        IEnumerable<KeyValuePair<string, object?>> map => Map(map),
        IDictionary dict => Map(dict.Keys.Cast<object>().Select(k => new KeyValuePair<string, object?>(Convert.ToString(k, CultureInfo.InvariantCulture) ?? string.Empty, dict[k]))),
        IEnumerable list => list.Cast<object?>().Select(Normalize).ToList(),
        _ => value,
    };

    public static Dictionary<string, object?> Map(IEnumerable<KeyValuePair<string, object?>> map)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (k, v) in map)
        {
            result[k] = Normalize(v);
        }
        return result;
    }
}
