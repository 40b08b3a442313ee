using Npgsql;
using NpgsqlTypes;
using Sluice.Datasets;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.Postgres.Actions;

/// <summary>Binds the <c>params</c> map of a <c>sql</c> task as named parameters (<c>@name</c> or <c>:name</c>), never as SQL text.</summary>
internal static class PostgresSqlParameters
{
    /// <summary>
    /// Adds each entry under its name (a leading <c>@</c>, <c>:</c> or <c>$</c> is dropped). Numbers and booleans keep
    /// their types; text (and lists and maps, as JSON text) is sent untyped, so the server reads it as the type the
    /// statement needs (<c>date</c>, <c>jsonb</c>, …) as it would a quoted literal.
    /// </summary>
    /// <exception cref="SluiceException">A value is a dataset handle.</exception>
    public static void Bind(NpgsqlCommand command, IReadOnlyDictionary<string, object?>? values)
    {
        if (values is null)
        {
            return;
        }
        foreach (var (key, value) in values)
        {
            var name = key.TrimStart('@', ':', '$');
            command.Parameters.Add(value switch
            {
                null => new NpgsqlParameter(name, DBNull.Value),
                bool b => new NpgsqlParameter<bool>(name, b),
                long l => new NpgsqlParameter<long>(name, l),
                int i => new NpgsqlParameter<long>(name, i),
                double d => new NpgsqlParameter<double>(name, d),
                decimal m => new NpgsqlParameter<decimal>(name, m),
                DatasetRef => throw new SluiceException($"params.{key} is a dataset; bind one of its values (such as {{{{ task.data.path }}}}) instead"),
                IReadOnlyList<object?> or IReadOnlyDictionary<string, object?> => Untyped(name, ExprValues.ToJsonText(value)),
                string s => Untyped(name, s),
                _ => Untyped(name, ExprValues.ToText(value)),
            });
        }
    }

    private static NpgsqlParameter Untyped(string name, string text) => new(name, NpgsqlDbType.Unknown) { Value = text };
}
