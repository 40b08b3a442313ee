using Sluice.Data.Batches;
using Sluice.Diagnostics;

namespace Sluice.DataActions.IO;

/// <summary>Converts between engine schemas and the (name, type) lists of a <see cref="Datasets.DatasetRef"/> or a user's <c>schema:</c> map.</summary>
public static class DatasetSchema
{
    /// <summary>The (name, type name) list of <paramref name="schema"/>.</summary>
    public static IReadOnlyList<(string Name, string Type)> ToList(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return [.. schema.Fields.Select(static f => (f.Name, f.Type.ToString()))];
    }

    /// <summary>A schema from a (name, type name) list; null when the list is empty.</summary>
    /// <exception cref="SluiceException">A type name is unknown.</exception>
    public static Schema? FromList(IReadOnlyList<(string Name, string Type)> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return columns.Count == 0 ? null : new Schema(columns.Select(static c => new Field(c.Name, Parse(c.Type, c.Name))));
    }

    /// <summary>A schema from a user map <c>{column: type}</c> (or null when <paramref name="value"/> is null).</summary>
    /// <exception cref="SluiceException">Not a map, or an unknown type.</exception>
    public static Schema? FromParameter(object? value, string parameter)
    {
        if (value is null)
        {
            return null;
        }

        if (value is not IReadOnlyDictionary<string, object?> map)
        {
            throw new SluiceException($"parameter '{parameter}' must be a map of column: type, such as {{amount: decimal(2)}}");
        }

        return new Schema(map.Select(kv => new Field(kv.Key, Parse(kv.Value as string ?? "", kv.Key))));
    }

    /// <summary>Parses a type name.</summary>
    /// <exception cref="SluiceException">Unknown type.</exception>
    public static DataType Parse(string type, string column) =>
        DataType.TryParse(type ?? "") ?? throw new SluiceException($"column '{column}': unknown type '{type}' (types: int64, float64, bool, string, date, timestamp, decimal(S))");
}
