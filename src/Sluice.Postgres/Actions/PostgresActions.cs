using Sluice.Actions;
using Sluice.Actions.BuiltIn.Sql;
using Sluice.DataActions.IO;
using Sluice.Postgres.DataIO;

namespace Sluice.Postgres.Actions;

/// <summary>Adds PostgreSQL to the built-in actions: tables as data sources and targets, and <c>sql</c> with <c>connection:</c>.</summary>
public static class PostgresActions
{
    /// <summary>
    /// Registers <see cref="PostgresTableProvider"/> (process-wide, see <see cref="TableProviders"/>) and replaces the
    /// <c>sql</c> action of <paramref name="registry"/> by one that also runs on PostgreSQL. Idempotent.
    /// </summary>
    public static ActionRegistry Register(ActionRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        TableProviders.Register(PostgresTableProvider.Instance);
        return registry.Register(new SqlAction([new PostgresSqlDatabase()]));
    }
}
