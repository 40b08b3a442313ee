using Npgsql;
using Sluice.Diagnostics;
using Sluice.Postgres.Connection;
using Sluice.Postgres.State;
using Sluice.Scheduling.Storage;

namespace Sluice.Postgres.Scheduling;

/// <summary>
/// The scheduler's durable state in PostgreSQL, shared by several <c>sluice serve</c> processes: trigger
/// cursors, recorded fires with their delivery state, and resumable backfills. Same semantics as the SQLite
/// <see cref="Sluice.Sqlite.Scheduling.SqliteScheduleStore"/>; the tables are part of the store's schema migrations, so it normally points
/// at the same database as the <see cref="PostgresStateStore"/>.
/// </summary>
/// <remarks>
/// Every operation is one transaction on a pooled connection and survives a dropped connection or a server
/// restart by reconnecting (see <see cref="PostgresStoreOptions.ReconnectTimeout"/>); every write is safe to
/// repeat when its acknowledgement was lost. Recording a fire is an insert-if-absent on the key
/// (pipeline, trigger, logical date), so when two schedulers race for the same date exactly one of them gets
/// true and delivers it.
/// </remarks>
public sealed partial class PostgresScheduleStore : IScheduleStore
{
    private readonly PostgresDatabase _database;
    private readonly bool _ownsDatabase;

    /// <summary>Creates a store; nothing connects until <see cref="InitializeAsync"/>.</summary>
    /// <exception cref="SluiceException">The connection string is malformed or has no host.</exception>
    public PostgresScheduleStore(PostgresStoreOptions options)
    {
        _database = new PostgresDatabase(options);
        _ownsDatabase = true;
    }

    /// <summary>A store on a database that other parts of a <see cref="PostgresStore"/> share (and that disposes it).</summary>
    internal PostgresScheduleStore(PostgresDatabase database)
    {
        _database = database;
    }

    /// <summary>Where the store points, without the password: <c>host:port/database (user name)</c>.</summary>
    public string Description => _database.Target.ToString();

    /// <summary>
    /// Connects once and applies pending schema migrations (shared with the state store). Idempotent. Fails
    /// fast, without reconnecting, so a wrong address or password is reported within the connect timeout.
    /// </summary>
    /// <exception cref="SluiceException">The server cannot be reached or refused the login.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await _database.InitializeAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _ownsDatabase ? _database.DisposeAsync() : ValueTask.CompletedTask;

    /// <summary>
    /// Runs <paramref name="work"/> (connection, state, attempt number, token) in one transaction on a pooled
    /// connection, reconnecting and repeating it after transient failures.
    /// </summary>
    private Task<TResult> InTransactionAsync<TState, TResult>(TState state, Func<NpgsqlConnection, TState, int, CancellationToken, Task<TResult>> work, CancellationToken cancellationToken)
    {
        _database.EnsureInitialized();
        return _database.Policy.ExecuteAsync((state, work), static async (conn, s, attempt, ct) =>
        {
            var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using (tx.ConfigureAwait(false))
            {
                var result = await s.work(conn, s.state, attempt, ct).ConfigureAwait(false);
                await tx.CommitAsync(ct).ConfigureAwait(false);
                return result;
            }
        }, cancellationToken);
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection conn, string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
    {
        var cmd = Sql.Command(conn, sql, parameters);
        await using (cmd.ConfigureAwait(false))
        {
            return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
