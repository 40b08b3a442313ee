using System.Collections;
using System.Globalization;
using Sluice.Data.Quality.Checks;
using Sluice.Shared;

namespace Sluice.Data.SchemaValidation;

/// <summary>Reads schema values into a <see cref="SchemaDefinition"/>, collecting every problem.</summary>
internal sealed partial class SchemaReader(Func<string, TextPosition> locate, IReadOnlyCollection<string>? knownColumns)
{
    private static readonly string[] ColumnKeys =
        ["type", "format", "nullable", "min", "max", "allowed_values", "pattern", "min_length", "max_length", "unique", "description"];

    private static readonly string[] TableKeys = ["required_columns", "forbidden_columns", "min_rows", "max_rows", "allow_extra_columns"];

    public List<QualityDiagnostic> Diagnostics { get; } = [];

    public SchemaDefinition Read(IReadOnlyDictionary<string, object?> values)
    {
        var sectioned = values.Count > 0 && values.Keys.All(static k => k is "columns" or "table")
            && (!values.TryGetValue("columns", out var c) || c is IReadOnlyDictionary<string, object?>);
        var columnsMap = sectioned ? values.GetValueOrDefault("columns") as IReadOnlyDictionary<string, object?> : values;
        var prefix = sectioned ? "columns." : string.Empty;
        var columns = new List<ColumnSchema>();
        foreach (var (name, spec) in columnsMap ?? new Dictionary<string, object?>())
        {
            if (ReadColumn(name, spec, prefix + name) is { } column)
            {
                columns.Add(column);
            }
        }

        var table = new TableRules();
        if (sectioned && values.TryGetValue("table", out var t))
        {
            table = ReadTable(t);
        }

        return new SchemaDefinition { Columns = columns, Table = table };
    }

    private ColumnSchema? ReadColumn(string name, object? spec, string path)
    {
        if (knownColumns is not null && !knownColumns.Contains(name))
        {
            Error(SchemaErrorCodes.UnknownColumn, path, $"the schema names the column '{name}', which is not in the data",
                NameSuggestions.DidYouMean(name, knownColumns) ?? $"columns: {string.Join(", ", knownColumns)}");
        }

        // A bare type name is shorthand: `id: integer`.
        if (spec is string typeOnly)
        {
            spec = new Dictionary<string, object?> { ["type"] = typeOnly };
        }

        if (spec is not IReadOnlyDictionary<string, object?> map)
        {
            Error(SchemaErrorCodes.Shape, path, $"the column '{name}' must be a map of rules (type, nullable, min, ...), not {Describe(spec)}");
            return null;
        }

        foreach (var key in map.Keys.Where(k => !ColumnKeys.Contains(k)))
        {
            Error(SchemaErrorCodes.UnknownKey, $"{path}.{key}", $"unknown key '{key}' in the column '{name}'", NameSuggestions.DidYouMean(key, ColumnKeys));
        }

        var type = ReadType(map, name, path);
        if (type is null)
        {
            return null;
        }

        var column = new ColumnSchema { Name = name, Type = type.Value, Position = locate(path) };
        column = column with
        {
            Nullable = Bool(map, "nullable", path, true),
            Unique = Bool(map, "unique", path, false),
            Format = ReadFormat(map, type.Value, path),
        };
        column = column with
        {
            Min = Bound(map, "min", column, path),
            Max = Bound(map, "max", column, path),
            MinLength = Length(map, "min_length", path),
            MaxLength = Length(map, "max_length", path),
            AllowedValues = Strings(map, "allowed_values", path),
            Pattern = ReadPattern(map, path),
        };
        if (column.Min > column.Max)
        {
            Error(SchemaErrorCodes.MalformedBound, path + ".min", $"the column '{name}' has min greater than max", "swap them");
        }

        if (column.MinLength > column.MaxLength)
        {
            Error(SchemaErrorCodes.MalformedBound, path + ".min_length", $"the column '{name}' has min_length {column.MinLength} greater than max_length {column.MaxLength}", "swap them");
        }

        return column;
    }

    private SchemaType? ReadType(IReadOnlyDictionary<string, object?> map, string name, string path)
    {
        if (!map.TryGetValue("type", out var t) || t is not string text)
        {
            Error(SchemaErrorCodes.UnknownType, path, $"the column '{name}' has no type", "add 'type: integer|numeric|string|boolean|date|timestamp'");
            return null;
        }

        SchemaType? type = text.Trim().ToLowerInvariant() switch
        {
            "integer" or "int" or "int64" or "long" => SchemaType.Integer,
            "numeric" or "number" or "float" or "float64" or "double" or "decimal" => SchemaType.Numeric,
            "string" or "str" or "text" => SchemaType.String,
            "boolean" or "bool" => SchemaType.Boolean,
            "date" => SchemaType.Date,
            "timestamp" or "datetime" => SchemaType.Timestamp,
            _ => null,
        };
        if (type is null)
        {
            Error(SchemaErrorCodes.UnknownType, path + ".type", $"unknown type '{text}' for the column '{name}'",
                NameSuggestions.DidYouMean(text, ["integer", "numeric", "string", "boolean", "date", "timestamp"]) ?? "use integer, numeric, string, boolean, date or timestamp");
        }

        return type;
    }

    private DateFormat? ReadFormat(IReadOnlyDictionary<string, object?> map, SchemaType type, string path)
    {
        if (!map.TryGetValue("format", out var f) || f is null)
        {
            return null;
        }

        if (type is not (SchemaType.Date or SchemaType.Timestamp))
        {
            Error(SchemaErrorCodes.RuleNotApplicable, path + ".format", $"'format' applies to date and timestamp columns, not {Name(type)}", "remove it");
            return null;
        }

        if (f is not string text)
        {
            Error(SchemaErrorCodes.InvalidFormat, path + ".format", $"'format' must be text such as '%Y-%m-%d', not {Describe(f)}");
            return null;
        }

        if (!DateFormat.TryCreate(text, out var format, out var error))
        {
            Error(SchemaErrorCodes.InvalidFormat, path + ".format", error!);
        }

        return format;
    }

    private static string Name(SchemaType type) => type.ToString().ToLowerInvariant();

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"the text '{s}'",
        bool b => b ? "true" : "false",
        IDictionary or IReadOnlyDictionary<string, object?> => "a map",
        IEnumerable => "a list",
        _ => $"the value {Convert.ToString(value, CultureInfo.InvariantCulture)}",
    };

    private void Error(string code, string path, string message, string? hint = null) =>
        Diagnostics.Add(new QualityDiagnostic(code, message, locate(path), hint));
}
