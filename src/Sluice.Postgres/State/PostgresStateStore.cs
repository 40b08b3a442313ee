using Npgsql;
using Sluice.Diagnostics;
using Sluice.Postgres.Connection;
using Sluice.State;

namespace Sluice.Postgres.State;

/// <summary>
/// The shared state store for many workers: PostgreSQL through a pooled <see cref="NpgsqlDataSource"/>.
/// Same semantics as the SQLite store; every write is one transaction, leases are single atomic
/// updates, and a batch of 10,000 task rows is one set-based statement per table.
/// </summary>
/// <remarks>
/// Operations after <see cref="InitializeAsync"/> survive a server restart or a dropped connection:
/// they reconnect with exponential backoff for up to <see cref="PostgresStoreOptions.ReconnectTimeout"/>,
/// reporting each attempt through <see cref="PostgresStoreOptions.Log"/>. Every write is safe to repeat
/// when its acknowledgement was lost: rows are upserts keyed by primary key, and a
/// <see cref="CommitAsync(StateBatch, CancellationToken)"/> batch carries a commit id that makes a second application a no-op.
/// </remarks>
public sealed partial class PostgresStateStore : IStateStore
{
    private readonly PostgresDatabase _database;
    private readonly bool _ownsDatabase;

    /// <summary>Creates a store; nothing connects until <see cref="InitializeAsync"/>.</summary>
    /// <exception cref="SluiceException">The connection string is malformed or has no host.</exception>
    public PostgresStateStore(PostgresStoreOptions options)
    {
        _database = new PostgresDatabase(options);
        _ownsDatabase = true;
    }

    /// <summary>A store on a database that other parts of a <see cref="PostgresStore"/> share (and that disposes it).</summary>
    internal PostgresStateStore(PostgresDatabase database)
    {
        _database = database;
    }

    /// <summary>Where the store points, without the password: <c>host:port/database (user name)</c>.</summary>
    public string Description => _database.Target.ToString();

    /// <summary>
    /// Connects once and applies pending schema migrations. Idempotent. Fails fast (no reconnect loop)
    /// so a wrong address or password is reported within the connect timeout.
    /// </summary>
    /// <exception cref="SluiceException">The server cannot be reached or refused the login; the message names host, port and database.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await _database.InitializeAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="work"/> on a pooled connection, reconnecting after transient failures.</summary>
    private Task<TResult> RunAsync<TState, TResult>(TState state, Func<NpgsqlConnection, TState, int, CancellationToken, Task<TResult>> work, CancellationToken cancellationToken)
    {
        _database.EnsureInitialized();
        return _database.Policy.ExecuteAsync(state, work, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _ownsDatabase ? _database.DisposeAsync() : ValueTask.CompletedTask;
}
