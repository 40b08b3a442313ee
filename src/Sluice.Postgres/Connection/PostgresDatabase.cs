using Npgsql;
using Sluice.Diagnostics;
using Sluice.Postgres.State;

namespace Sluice.Postgres.Connection;

/// <summary>
/// What every PostgreSQL-backed store shares: the parsed target, a data source, the reconnect policy and the
/// one-time connect-and-migrate step (fail fast, so a wrong address or password is reported within the
/// connect timeout instead of entering the reconnect loop).
/// </summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    private const int DefaultMaxAutoPrepare = 64;
    private static readonly string[] AutoPrepareKeys = ["Max Auto Prepare", "MaxAutoPrepare"];

    public PostgresDatabase(PostgresStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Target = ConnectionTarget.Parse(options.ConnectionString, options.ConnectTimeout);
        var builder = new NpgsqlDataSourceBuilder(Target.Builder.ConnectionString);
        if (!ConnectionTarget.HasAnyKey(options.ConnectionString, AutoPrepareKeys))
        {
            // The store sends the same few statements over and over (a worker's claim, release, writes and counts):
            // prepared once per connection they are no longer parsed and planned each time, which was a fifth of the
            // server's work per item. Max Auto Prepare=0 in the connection string turns it off (e.g. behind a pooler
            // that cannot keep prepared statements).
            builder.ConnectionStringBuilder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }
        DataSource = builder.Build();
        Policy = new ReconnectPolicy(DataSource, Target, options.ReconnectTimeout, options.TimeProvider, options.Log);
    }

    public PostgresStoreOptions Options { get; }

    public ConnectionTarget Target { get; }

    public NpgsqlDataSource DataSource { get; }

    public ReconnectPolicy Policy { get; }

    /// <summary>True once <see cref="InitializeAsync"/> has succeeded.</summary>
    public bool IsInitialized => _initialized;

    private volatile bool _initialized;

    /// <summary>Throws unless <see cref="InitializeAsync"/> has succeeded.</summary>
    public void EnsureInitialized()
    {
        if (!_initialized)
        {
            throw new InvalidOperationException("Call InitializeAsync before using the store.");
        }
    }

    /// <summary>Connects once and applies pending schema migrations. Idempotent.</summary>
    /// <exception cref="SluiceException">The server cannot be reached or refused the login; the message names host, port and database.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }
        NpgsqlConnection conn;
        try
        {
            conn = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw new SluiceException(
                $"Cannot connect to PostgreSQL at {Target}: {ex.Message}. Check the connection string and that the server is running and accepts connections.",
                PostgresErrors.IsTransient(ex), ex);
        }
        await using (conn.ConfigureAwait(false))
        {
            var applied = await PostgresMigrator.MigrateAsync(conn, cancellationToken).ConfigureAwait(false);
            if (applied > 0)
            {
                Options.Log?.Invoke($"PostgreSQL schema at {Target.Endpoint}/{Target.Database} migrated ({applied} step(s)).");
            }
        }
        _initialized = true;
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
