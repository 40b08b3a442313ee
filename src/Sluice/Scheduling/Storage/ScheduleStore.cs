using Microsoft.Data.Sqlite;

namespace Sluice.Scheduling.Storage;

/// <summary>
/// The scheduler's durable state in SQLite: per trigger the last fired logical date, every recorded
/// fire with its delivery state, and resumable backfills. It lives in its own tables (migrations tracked
/// in <c>schedule_migrations</c>), normally in the same database file as the state store.
/// </summary>
/// <remarks>
/// WAL mode with <c>synchronous=NORMAL</c>, like the state store: a committed fire survives a process
/// crash. All statements go through one connection under a lock; the scheduler's write rate is low.
/// </remarks>
public sealed partial class ScheduleStore : IScheduleStore
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private SqliteConnection? _connection;

    /// <summary>Creates a store on the file <paramref name="path"/> (created with its folder if missing).</summary>
    public ScheduleStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens the file and creates or migrates the tables. Idempotent.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection is not null)
            {
                return;
            }
            var dir = System.IO.Path.GetDirectoryName(Path);
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }
            var conn = new SqliteConnection(_connectionString);
            await conn.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecAsync(conn, null, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;", cancellationToken).ConfigureAwait(false);
            await State.Sqlite.SqliteMigrations.ApplyAsync(conn, "schedule_migrations", ScheduleSchema.Migrations, cancellationToken).ConfigureAwait(false);
            _connection = conn;
        }
        finally
        {
            _lock.Release();
        }
    }

    private static async Task ExecAsync(SqliteConnection conn, SqliteTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="work"/> on the connection, alone, inside one transaction.</summary>
    private async Task<T> WithTransactionAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var conn = _connection ?? throw new InvalidOperationException("Call InitializeAsync before using the schedule store.");
            using var tx = conn.BeginTransaction(deferred: false);
            var result = work(conn, tx);
            tx.Commit();
            return result;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_connection is not null)
            {
                await _connection.DisposeAsync().ConfigureAwait(false);
                _connection = null;
            }
        }
        finally
        {
            _lock.Release();
        }
        _lock.Dispose();
    }
}
