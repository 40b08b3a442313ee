using System.Text.Json;
using Sluice.Expressions;

namespace Sluice.Datasets;

/// <summary>
/// A handle to a dataset passed between tasks: where it is, its format, its schema and row count.
/// Small and immutable; it is stored as a task output (JSON tagged <c>$dataset</c>) and read in templates
/// as <c>{{ ingest.data.rows }}</c>, <c>.path</c>, <c>.format</c>, <c>.columns</c>, <c>.schema</c>.
/// Downstream tasks stream the data from <see cref="Path"/>; the handle never holds rows.
/// </summary>
public sealed record DatasetRef : IExpressionObject, IJsonValue
{
    private const string Tag = "$dataset";

    /// <summary>A file (or folder of partitions) to read.</summary>
    public required string Path { get; init; }

    /// <summary><c>csv</c>, <c>jsonl</c>, <c>json</c> or <c>sqlite</c>.</summary>
    public required string Format { get; init; }

    /// <summary>Column names and type names (<c>int64</c>, <c>decimal(2)</c>...), in order; empty when not known yet.</summary>
    public IReadOnlyList<(string Name, string Type)> Schema { get; init; } = [];

    /// <summary>Number of rows when known.</summary>
    public long? Rows { get; init; }

    /// <summary>Reader options (delimiter, header, table, columns...), as given by the producing task.</summary>
    public IReadOnlyDictionary<string, object?> Options { get; init; } = new Dictionary<string, object?>();

    /// <summary><c>source</c> for a reference to input data, <c>artifact</c> for data a task wrote to the run's artifact store.</summary>
    public string Kind { get; init; } = "source";

    /// <inheritdoc />
    public bool TryGetMember(string name, out object? value)
    {
        value = name switch
        {
            "path" => Path,
            "format" => Format,
            "rows" => Rows,
            "kind" => Kind,
            "columns" => Schema.Select(static c => (object?)c.Name).ToArray(),
            "schema" => Schema.ToDictionary(static c => c.Name, static c => (object?)c.Type, StringComparer.Ordinal),
            "options" => Options,
            _ => null,
        };
        return name is "path" or "format" or "rows" or "kind" or "columns" or "schema" or "options";
    }

    /// <inheritdoc />
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteStartObject(Tag);
        writer.WriteString("path", Path);
        writer.WriteString("format", Format);
        writer.WriteString("kind", Kind);
        if (Rows is { } rows)
        {
            writer.WriteNumber("rows", rows);
        }
        writer.WriteStartArray("schema");
        foreach (var (name, type) in Schema)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(name);
            writer.WriteStringValue(type);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
        writer.WritePropertyName("options");
        ExprValues.ToJson(writer, Options);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>True when <paramref name="element"/> is a stored dataset handle.</summary>
    public static bool IsTagged(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(Tag, out var inner) && inner.ValueKind == JsonValueKind.Object;

    /// <summary>Reads a stored handle.</summary>
    public static DatasetRef FromJson(JsonElement element)
    {
        var d = element.GetProperty(Tag);
        var schema = new List<(string, string)>();
        if (d.TryGetProperty("schema", out var s))
        {
            foreach (var c in s.EnumerateArray())
            {
                schema.Add((c[0].GetString()!, c[1].GetString()!));
            }
        }
        return new DatasetRef
        {
            Path = d.GetProperty("path").GetString()!,
            Format = d.GetProperty("format").GetString()!,
            Kind = d.TryGetProperty("kind", out var k) ? k.GetString()! : "source",
            Rows = d.TryGetProperty("rows", out var r) ? r.GetInt64() : null,
            Schema = schema,
            Options = d.TryGetProperty("options", out var o) && ExprValues.FromJson(o) is IReadOnlyDictionary<string, object?> map ? map : new Dictionary<string, object?>(),
        };
    }

    /// <inheritdoc />
    public override string ToString() => $"dataset {Format}:{Path}" + (Rows is { } n ? $" ({n} rows)" : "");
}
