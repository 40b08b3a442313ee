using Microsoft.Data.Sqlite;
using Sluice.Datasets;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.Actions.BuiltIn.Sql;

/// <summary>Binds the <c>params</c> map of a <c>sql</c> task as named parameters (never as SQL text).</summary>
internal static class SqlParameters
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
}
