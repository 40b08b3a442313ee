using Sluice.Actions;
using Sluice.DataActions.IO;
using Sluice.DataActions.Sql;
using Sluice.Postgres.DataIO;

namespace Sluice.Postgres.Actions;

/// <summary>Adds PostgreSQL to the data actions: tables as data sources and targets, and <c>sql</c> with <c>connection:</c>.</summary>
public static class PostgresActions
{
    /// <summary>
    /// Registers <see cref="PostgresTableProvider"/> in <paramref name="tables"/> (the providers the data actions of
    /// <paramref name="registry"/> were given by <c>DataActionSet.Register</c>) and replaces the <c>sql</c> action of
    /// <paramref name="registry"/> by one that also runs on PostgreSQL. Idempotent.
    /// </summary>
    /// <returns><paramref name="registry"/>.</returns>
    public static ActionRegistry Register(ActionRegistry registry, TableProviders tables)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(tables);
        tables.Register(PostgresTableProvider.Instance);
        return registry.Register(new SqlAction([new PostgresSqlDatabase()], new DatasetReader(tables)));
    }
}
