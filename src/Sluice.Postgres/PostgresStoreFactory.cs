using System.Data.Common;
using Sluice.Postgres.State;
using Sluice.State;

namespace Sluice.Postgres;

/// <summary>Chooses and creates a PostgreSQL store from a <c>--store</c> value.</summary>
public static class PostgresStoreFactory
{
    private static readonly string[] HostKeys = ["Host", "Server"];

    /// <summary>
    /// True when <paramref name="value"/> is a key=value connection string naming a host
    /// (<c>Host=db;Database=sluice</c>), as opposed to a file path for the SQLite store.
    /// </summary>
    public static bool IsConnectionString(string value)
    {
        if (string.IsNullOrWhiteSpace(value) || !value.Contains('=', StringComparison.Ordinal))
        {
            return false;
        }
        try
        {
            var parsed = new DbConnectionStringBuilder { ConnectionString = value };
            return HostKeys.Any(parsed.ContainsKey);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// Creates a PostgreSQL store (not yet initialized: call <see cref="IStateStore.InitializeAsync"/>,
    /// which connects and migrates the schema).
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="log">Receives reconnect and migration messages, or null.</param>
    /// <exception cref="Sluice.Diagnostics.SluiceException">The connection string is malformed.</exception>
    public static IStateStore Create(string connectionString, Action<string>? log) =>
        new PostgresStateStore(new PostgresStoreOptions { ConnectionString = connectionString, Log = log });
}
