using Sluice.Data.Quality.Checks;

namespace Sluice.Data.SchemaValidation;

/// <summary>
/// A validation schema: per-column types and rules plus table rules. Written in YAML or JSON, either flat
/// (<c>{id: {type: integer, nullable: false}, value: {type: numeric, min: 0}}</c>) or sectioned
/// (<c>{columns: {...}, table: {required_columns: [...], forbidden_columns: [...], min_rows: 1, max_rows: 10}}</c>).
/// Column keys: <c>type</c> (integer, numeric, string, boolean, date, timestamp), <c>format</c> (dates),
/// <c>nullable</c> (default true), <c>min</c>/<c>max</c> (numbers; ISO dates for date/timestamp columns),
/// <c>allowed_values</c>, <c>pattern</c>, <c>min_length</c>/<c>max_length</c>, <c>unique</c>, <c>description</c>.
/// </summary>
public sealed record SchemaDefinition
{
    /// <summary>The columns in declaration order.</summary>
    public required IReadOnlyList<ColumnSchema> Columns { get; init; }

    /// <summary>The table rules. The default has none.</summary>
    public TableRules Table { get; init; } = new();

    /// <summary>The column named <paramref name="name"/>, or null.</summary>
    public ColumnSchema? Find(string name)
    {
        foreach (var c in Columns)
        {
            if (string.Equals(c.Name, name, StringComparison.Ordinal))
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>
    /// Parses a schema from plain values (maps as <see cref="IReadOnlyDictionary{TKey, TValue}"/>, lists as
    /// <see cref="IEnumerable{T}"/>, scalars as string, long, double or bool — what the YAML and JSON readers produce).
    /// Never throws on bad input: every problem is a diagnostic with a position and a stable <see cref="SchemaErrorCodes"/> code.
    /// </summary>
    /// <param name="values">The schema map.</param>
    /// <param name="locate">Maps a path inside the schema (<c>id</c>, <c>id.min</c>, <c>columns.id.format</c>,
    /// <c>table.min_rows</c>) to its position in the file; null puts everything at 1:1.</param>
    /// <param name="knownColumns">The data's columns when known: a schema column outside them is an error.</param>
    /// <returns>The schema or its errors.</returns>
    public static SchemaParseResult Parse(
        IReadOnlyDictionary<string, object?> values,
        Func<string, TextPosition>? locate = null,
        IReadOnlyCollection<string>? knownColumns = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var reader = new SchemaReader(locate ?? (static _ => TextPosition.Start), knownColumns);
        var schema = reader.Read(values);
        return reader.Diagnostics.Count == 0 ? new SchemaParseResult(schema, []) : new SchemaParseResult(null, reader.Diagnostics);
    }
}
