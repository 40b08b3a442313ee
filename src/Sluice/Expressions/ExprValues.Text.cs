using System.Globalization;

namespace Sluice.Expressions;

/// <summary>Text conversion.</summary>
public static partial class ExprValues
{
    /// <summary>
    /// The text a value interpolates as: strings as they are, null as "", bools as "true"/"false", numbers in
    /// invariant culture (floats round-trip and keep a ".0" when whole, like Python), lists and maps as compact
    /// JSON, dates in ISO 8601, anything else by its <see cref="object.ToString"/>.
    /// </summary>
    public static string ToText(object? value) => value switch
    {
        string s => s,
        null => string.Empty,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => FormatDouble(d),
        IReadOnlyList<object?> or IReadOnlyDictionary<string, object?> => ToJsonText(value),
        DateTimeOffset dto => dto.ToString("o", CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("o", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => Normalize(value) is var normal && !ReferenceEquals(normal, value) ? ToText(normal) : value.ToString() ?? string.Empty,
    };
}
