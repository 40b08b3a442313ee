using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Diagnostics;

namespace Sluice.DataActions.Ingest;

/// <summary>
/// The mark of an incremental table: the highest value of the mark column read so far and the keys of the rows that
/// have exactly that value. The next run reads rows with a value <c>&gt;=</c> the mark and drops those whose key is
/// in the boundary set, so rows written later with the same value as the mark (ties) are not lost, and rows already
/// read are not read twice. Stored as JSON: <c>{"column": "updated_at", "value": "…", "keys": ["…"]}</c>.
/// </summary>
/// <param name="Column">The mark column.</param>
/// <param name="Value">The boundary value as <see cref="Text"/> writes it, or null before the first read.</param>
/// <param name="Keys">The keys of the rows at the boundary value.</param>
internal sealed record TableMark(string Column, string? Value, IReadOnlySet<string> Keys)
{
    public static TableMark Parse(string? text, string column, string source)
    {
        if (text is null)
        {
            return new TableMark(column, null, new HashSet<string>(StringComparer.Ordinal));
        }
        var bad = new SluiceException($"the stored mark of incremental source '{source}' is not a table mark; run with --full-refresh to start over");
        try
        {
            if (JsonNode.Parse(text) is not JsonObject { } node || node["column"]?.GetValue<string>() is not { } stored || node["keys"] is not JsonArray keys)
            {
                throw bad;
            }
            if (stored != column)
            {
                throw new SluiceException($"incremental source '{source}' was read by column '{stored}' and is now read by '{column}'; run with --full-refresh to start over");
            }
            return new TableMark(column, node["value"]?.GetValue<string>(), keys.Select(k => k?.GetValue<string>() ?? throw bad).ToHashSet(StringComparer.Ordinal));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw bad;
        }
    }

    public string ToJson() =>
        new JsonObject { ["column"] = Column, ["value"] = Value, ["keys"] = new JsonArray([.. Keys.Order(StringComparer.Ordinal).Select(static k => (JsonNode?)k)]) }.ToJsonString();

    /// <summary>
    /// A value of the mark column as sortable text: numbers, dates and timestamps compare by value (numbers as
    /// invariant decimals, times as UTC ticks), strings ordinally. Null for a null value.
    /// </summary>
    public static string? Text(object? value) => value switch
    {
        null => null,
        long or int or short or byte or decimal => "n:" + Convert.ToDecimal(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        double d => "n:" + ((decimal)d).ToString(CultureInfo.InvariantCulture),
        float f => "n:" + ((decimal)f).ToString(CultureInfo.InvariantCulture),
        DateTime t => "t:" + t.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture),
        DateTimeOffset t => "t:" + t.UtcTicks.ToString(CultureInfo.InvariantCulture),
        DateOnly d => "t:" + d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).Ticks.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "n:1" : "n:0",
        _ => "s:" + Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>Compares two <see cref="Text"/> values of one column.</summary>
    public static int Compare(string a, string b)
    {
        if (a[0] != b[0])
        {
            return string.CompareOrdinal(a, b);
        }
        return a[0] switch
        {
            'n' => decimal.Parse(a.AsSpan(2), CultureInfo.InvariantCulture).CompareTo(decimal.Parse(b.AsSpan(2), CultureInfo.InvariantCulture)),
            't' => long.Parse(a.AsSpan(2), CultureInfo.InvariantCulture).CompareTo(long.Parse(b.AsSpan(2), CultureInfo.InvariantCulture)),
            _ => string.CompareOrdinal(a, b),
        };
    }
}
