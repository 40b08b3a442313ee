using System.Text.Json;

namespace Sluice.Lineage;

/// <summary>The stored JSON forms of a lineage record's schema and column origins (one format for every store).</summary>
public static class LineageJson
{
    /// <summary><c>[{"name":…,"type":…}]</c>.</summary>
    public static string Schema(IReadOnlyList<(string Name, string Type)> schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return JsonSerializer.Serialize(schema.Select(static c => new Dictionary<string, string> { ["name"] = c.Name, ["type"] = c.Type }));
    }

    /// <summary>Reads <see cref="Schema(IReadOnlyList{ValueTuple{string, string}})"/>'s form.</summary>
    public static IReadOnlyList<(string Name, string Type)> ReadSchema(string? json) =>
        string.IsNullOrEmpty(json) ? [] : [.. (JsonSerializer.Deserialize<List<Dictionary<string, string>>>(json) ?? []).Select(static d => (d["name"], d["type"]))];

    /// <summary><c>{"out":[{"dataset":…,"column":…,"transformation":…}]}</c>.</summary>
    public static string Columns(IReadOnlyDictionary<string, IReadOnlyList<ColumnOrigin>> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return JsonSerializer.Serialize(columns.ToDictionary(
            static kv => kv.Key,
            static kv => kv.Value.Select(static o => new Dictionary<string, string> { ["dataset"] = o.Dataset, ["column"] = o.Column, ["transformation"] = o.Transformation }).ToList()));
    }

    /// <summary>Reads <see cref="Columns"/>'s form.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<ColumnOrigin>> ReadColumns(string? json) =>
        string.IsNullOrEmpty(json)
            ? new Dictionary<string, IReadOnlyList<ColumnOrigin>>()
            : (JsonSerializer.Deserialize<Dictionary<string, List<Dictionary<string, string>>>>(json) ?? []).ToDictionary(
                static kv => kv.Key,
                static kv => (IReadOnlyList<ColumnOrigin>)[.. kv.Value.Select(static d => new ColumnOrigin(d["dataset"], d["column"], d["transformation"]))],
                StringComparer.Ordinal);
}
