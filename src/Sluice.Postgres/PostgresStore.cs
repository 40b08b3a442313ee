using System.Data.Common;
using Sluice.Postgres.Connection;
using Sluice.Postgres.Distributed;
using Sluice.Postgres.Quality;
using Sluice.Postgres.Scheduling;
using Sluice.Postgres.State;
using Sluice.Postgres.Streaming;
using Sluice.Stores;

namespace Sluice.Postgres;

/// <summary>
/// The store shared by many processes: one PostgreSQL database holds state, work queue, schedules and quality
/// history, reached through one connection pool. Artifacts go to <c>.sluice/artifacts</c> unless
/// <see cref="SluiceStoreOptions.ArtifactRoot"/> names a folder every worker sees.
/// </summary>
public static class PostgresStore
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

    /// <summary>Connects once (failing fast on a wrong address or password) and applies pending schema migrations.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="options">Artifact root, log and clock; null means the defaults.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <exception cref="Diagnostics.SluiceException">The connection string is malformed, or the server cannot be reached or refused the login.</exception>
    public static Task<SluiceStore> OpenAsync(string connectionString, SluiceStoreOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        options ??= new SluiceStoreOptions();
        return OpenAsync(new PostgresStoreOptions { ConnectionString = connectionString, Log = options.Log }, options, cancellationToken);
    }

    /// <summary>Opens the store with full connection settings (reconnect and connect timeouts).</summary>
    /// <exception cref="Diagnostics.SluiceException">The connection string is malformed, or the server cannot be reached or refused the login.</exception>
    public static async Task<SluiceStore> OpenAsync(PostgresStoreOptions connection, SluiceStoreOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        options ??= new SluiceStoreOptions();
        var database = new PostgresDatabase(connection);
        try
        {
            await database.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var state = new PostgresStateStore(database);
        var artifactRoot = Path.GetFullPath(options.ArtifactRoot ?? Path.Combine(".sluice", "artifacts"));
        return new SluiceStore
        {
            State = state,
            Work = new PostgresWorkQueue(database.DataSource, database.Policy, database.Options),
            Retention = state,
            Schedules = new PostgresScheduleStore(database),
            QualityHistory = new PostgresQualityHistory(database, options.Time),
            Checkpoints = new PostgresCheckpointStore(database),
            Operators = new Operators.PostgresOperatorRecords(database),
            ArtifactRoot = artifactRoot,
            Storage = options.StorageFor(artifactRoot),
            Description = "PostgreSQL " + database.Target,
            Shared = [database],
        };
    }
}
