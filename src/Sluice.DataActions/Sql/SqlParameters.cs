using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Microsoft.Data.Sqlite;
using Sluice.Datasets;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.DataActions.Sql;

/// <summary>Binds the <c>params</c> map of a <c>sql</c> task as named parameters (never as SQL text).</summary>
internal static partial class SqlParameters
{
    /// <summary>
    /// Adds each entry of <paramref name="values"/> under its name. A name without a prefix matches <c>$name</c>,
    /// <c>@name</c> and <c>:name</c> in the query. Lists and maps are bound as JSON text (for SQLite's JSON functions).
    /// </summary>
    /// <exception cref="SluiceException">A value is a dataset handle.</exception>
    public static void Bind(SqliteCommand command, IReadOnlyDictionary<string, object?>? values)
    {
        if (values is null)
        {
            return;
        }
        foreach (var (name, value) in values)
        {
            command.Parameters.AddWithValue(name, ToDb(name, value));
        }
    }

    /// <summary>
    /// Adds each entry of <paramref name="values"/> as DuckDB's <c>$name</c> (a leading <c>$</c>, <c>@</c> or <c>:</c> in the
    /// key is dropped). Booleans stay booleans; lists and maps are bound as JSON text.
    /// </summary>
    /// <exception cref="SluiceException">A value is a dataset handle.</exception>
    public static void Bind(DuckDBCommand command, IReadOnlyDictionary<string, object?>? values)
    {
        if (values is null)
        {
            return;
        }
        foreach (var (name, value) in values)
        {
            command.Parameters.Add(new DuckDBParameter(name.TrimStart('$', '@', ':'), value is bool b ? b : ToDb(name, value)));
        }
    }

    private static object ToDb(string name, object? value) => value switch
    {
        null => DBNull.Value,
        bool b => b ? 1L : 0L,
        long or double or string => value,
        int i => (long)i,
        decimal d => d,
        DatasetRef => throw new SluiceException($"params.{name} is a dataset; bind one of its values (such as {{{{ task.data.path }}}}) instead"),
        IReadOnlyList<object?> or IReadOnlyDictionary<string, object?> => ExprValues.ToJsonText(value),
        _ => ExprValues.ToText(value),
    };

    /// <summary>
    /// The parameter names the query uses that <paramref name="values"/> does not set, for the error message (a scan
    /// outside quoted strings and identifiers, so it is a best effort: SQLite itself decides what is a parameter).
    /// </summary>
    public static IReadOnlyList<string> Unbound(string query, IReadOnlyDictionary<string, object?>? values)
    {
        var set = values?.Keys.Select(static k => k.TrimStart('$', '@', ':')).ToHashSet(StringComparer.Ordinal) ?? [];
        return [.. ParameterPattern().Matches(QuotedPattern().Replace(query, " "))
            .Select(static m => m.Value)
            .Where(n => !set.Contains(n[1..]))
            .Distinct(StringComparer.Ordinal)];
    }

    [GeneratedRegex("'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedPattern();

    [GeneratedRegex("[$@:][A-Za-z_][A-Za-z0-9_]*", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterPattern();
}
