using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using Sluice.Shared;

namespace Sluice.Data.SchemaValidation;

/// <summary>Typed values of schema keys.</summary>
internal sealed partial class SchemaReader
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    private bool Bool(IReadOnlyDictionary<string, object?> map, string key, string path, bool fallback)
    {
        if (!map.TryGetValue(key, out var v) || v is null)
        {
            return fallback;
        }

        if (v is bool b)
        {
            return b;
        }

        Error(SchemaErrorCodes.Shape, $"{path}.{key}", $"'{key}' must be true or false, not {Describe(v)}");
        return fallback;
    }

    private double? Bound(IReadOnlyDictionary<string, object?> map, string key, ColumnSchema column, string path)
    {
        if (!map.TryGetValue(key, out var v) || v is null)
        {
            return null;
        }

        switch (column.Type)
        {
            case SchemaType.Integer or SchemaType.Numeric:
                if (Number(v) is { } n)
                {
                    return n;
                }

                Error(SchemaErrorCodes.MalformedBound, $"{path}.{key}", $"'{key}' of the column '{column.Name}' must be a number, not {Describe(v)}");
                return null;
            case SchemaType.Date or SchemaType.Timestamp:
                if (v is string s && ColumnChecker.TryParseTemporal(s, column.Format, column.Type, out var instant))
                {
                    return instant.Ticks;
                }

                Error(SchemaErrorCodes.MalformedBound, $"{path}.{key}", $"'{key}' of the column '{column.Name}' must be a {Name(column.Type)} such as '2024-01-31', not {Describe(v)}");
                return null;
            default:
                Error(SchemaErrorCodes.RuleNotApplicable, $"{path}.{key}", $"'{key}' does not apply to a {Name(column.Type)} column",
                    column.Type == SchemaType.String ? "use min_length/max_length for text" : "remove it");
                return null;
        }
    }

    private int? Length(IReadOnlyDictionary<string, object?> map, string key, string path)
    {
        if (!map.TryGetValue(key, out var v) || v is null)
        {
            return null;
        }

        if (v is long or int && Convert.ToInt64(v, CultureInfo.InvariantCulture) is >= 0 and <= int.MaxValue)
        {
            return Convert.ToInt32(v, CultureInfo.InvariantCulture);
        }

        Error(SchemaErrorCodes.MalformedBound, $"{path}.{key}", $"'{key}' must be a whole number ≥ 0, not {Describe(v)}");
        return null;
    }

    private long? Count(IReadOnlyDictionary<string, object?> map, string key, string path)
    {
        if (!map.TryGetValue(key, out var v) || v is null)
        {
            return null;
        }

        if (v is long or int && Convert.ToInt64(v, CultureInfo.InvariantCulture) is >= 0 and var n)
        {
            return n;
        }

        Error(SchemaErrorCodes.MalformedBound, $"{path}.{key}", $"'{key}' must be a whole number ≥ 0, not {Describe(v)}");
        return null;
    }

    private List<string>? Strings(IReadOnlyDictionary<string, object?> map, string key, string path)
    {
        if (!map.TryGetValue(key, out var v) || v is null)
        {
            return null;
        }

        if (v is string or not IEnumerable)
        {
            Error(SchemaErrorCodes.Shape, $"{path}.{key}", $"'{key}' must be a list, not {Describe(v)}", $"write {key}: [a, b]");
            return null;
        }

        var list = new List<string>();
        foreach (var item in (IEnumerable)v)
        {
            if (item is null or IEnumerable and not string)
            {
                Error(SchemaErrorCodes.Shape, $"{path}.{key}", $"'{key}' must hold plain values, not {Describe(item)}");
                continue;
            }

            list.Add(item is bool b ? (b ? "true" : "false") : Convert.ToString(item, CultureInfo.InvariantCulture)!);
        }

        return list;
    }

    private Regex? ReadPattern(IReadOnlyDictionary<string, object?> map, string path)
    {
        if (!map.TryGetValue("pattern", out var v) || v is null)
        {
            return null;
        }

        if (v is not string pattern)
        {
            Error(SchemaErrorCodes.InvalidRegex, path + ".pattern", $"'pattern' must be a regex text, not {Describe(v)}");
            return null;
        }

        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException ex)
        {
            Error(SchemaErrorCodes.InvalidRegex, path + ".pattern", $"the pattern '{pattern}' does not compile: {ex.Message}");
            return null;
        }
    }

    private TableRules ReadTable(object? value)
    {
        if (value is not IReadOnlyDictionary<string, object?> map)
        {
            Error(SchemaErrorCodes.Shape, "table", $"'table' must be a map (required_columns, forbidden_columns, min_rows, max_rows), not {Describe(value)}");
            return new TableRules();
        }

        foreach (var key in map.Keys.Where(k => !TableKeys.Contains(k)))
        {
            Error(SchemaErrorCodes.UnknownKey, $"table.{key}", $"unknown key '{key}' in 'table'", NameSuggestions.DidYouMean(key, TableKeys));
        }

        var rules = new TableRules
        {
            RequiredColumns = Strings(map, "required_columns", "table") ?? [],
            ForbiddenColumns = Strings(map, "forbidden_columns", "table") ?? [],
            MinRows = Count(map, "min_rows", "table"),
            MaxRows = Count(map, "max_rows", "table"),
            AllowExtraColumns = Bool(map, "allow_extra_columns", "table", true),
        };
        if (rules.MinRows > rules.MaxRows)
        {
            Error(SchemaErrorCodes.MalformedBound, "table.min_rows", $"min_rows {rules.MinRows} is greater than max_rows {rules.MaxRows}", "swap them");
        }

        if (knownColumns is not null)
        {
            foreach (var c in rules.RequiredColumns.Where(c => !knownColumns.Contains(c)))
            {
                Error(SchemaErrorCodes.UnknownColumn, "table.required_columns", $"the required column '{c}' is not in the data",
                    NameSuggestions.DidYouMean(c, knownColumns));
            }
        }

        return rules;
    }

    private static double? Number(object v) => v switch
    {
        long l => l,
        int i => i,
        double d when double.IsFinite(d) => d,
        decimal m => (double)m,
        _ => null,
    };
}
