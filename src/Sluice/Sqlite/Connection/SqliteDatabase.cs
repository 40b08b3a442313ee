using Microsoft.Data.Sqlite;

namespace Sluice.Sqlite.Connection;

/// <summary>
/// How every SQLite store of Sluice (state and work queue, schedules, file triggers, quality history) opens its
/// file: one writer connection per component, set up once (WAL, <c>synchronous=NORMAL</c>, busy timeout) and
/// migrated through <see cref="SqliteMigrations"/>, used by one caller at a time; reads on pooled connections.
/// </summary>
/// <remarks>
/// <c>synchronous=NORMAL</c> in WAL mode: a committed transaction survives a process crash (kill -9); after an OS
/// crash or power loss the last few commits may roll back, never corrupt. Writes start with <c>BEGIN IMMEDIATE</c>,
/// so other processes on the same file wait (busy timeout) instead of failing on a lock upgrade.
/// </remarks>
internal sealed class SqliteDatabase : IAsyncDisposable
{
    // auto_vacuum must come first: it takes effect only on a file without tables, and before WAL is set up. Then free
    // pages can be returned by 'PRAGMA incremental_vacuum' after a purge; older files need one VACUUM (sluice db vacuum).
    private const string Pragmas = "PRAGMA auto_vacuum=INCREMENTAL; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly string _migrationsTable;
    private readonly IReadOnlyList<string> _migrations;
    private readonly string? _tuning;
    private SqliteConnection? _writer;
    private int _disposed;

    /// <summary>Describes a component's file; nothing is opened until <see cref="OpenAsync"/>.</summary>
    /// <param name="path">The database file (created with its folder if missing).</param>
    /// <param name="migrationsTable">The component's migrations table.</param>
    /// <param name="migrations">The component's schema steps (see <see cref="SqliteMigrations.ApplyAsync"/>).</param>
    /// <param name="pooling">Pool read connections (and return the writer to the pool on dispose).</param>
    /// <param name="tuning">Further <c>PRAGMA</c>s for the writer connection, or null.</param>
    public SqliteDatabase(string path, string migrationsTable, IReadOnlyList<string> migrations, bool pooling = true, string? tuning = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        _migrationsTable = migrationsTable;
        _migrations = migrations;
        _tuning = tuning;
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = pooling,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The connection string of every connection to the file.</summary>
    public string ConnectionString { get; }

    /// <summary>True once <see cref="OpenAsync"/> has succeeded.</summary>
    public bool IsOpen => Volatile.Read(ref _writer) is not null;

    /// <summary>The writer connection; use it only inside <c>WriteAsync</c> or <c>WriteTransactionAsync</c>.</summary>
    /// <exception cref="InvalidOperationException"><see cref="OpenAsync"/> was not called.</exception>
    public SqliteConnection Writer => _writer ?? throw new InvalidOperationException("Call InitializeAsync before using the store.");

    /// <summary>Creates the folder, opens the writer connection, sets it up and applies pending migrations. Idempotent.</summary>
    public async Task OpenAsync(CancellationToken cancellationToken = default)
    {
        if (IsOpen)
        {
            return;
        }
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_writer is not null)
            {
                return;
            }
            var dir = System.IO.Path.GetDirectoryName(Path);
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }
            var conn = new SqliteConnection(ConnectionString);
            try
            {
                await conn.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using (var cmd = conn.CreateCommand())
                {
                    cmd.CommandText = Pragmas + _tuning;
                    await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                await SqliteMigrations.ApplyAsync(conn, _migrationsTable, _migrations, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await conn.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            Volatile.Write(ref _writer, conn);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Opens a pooled read connection (WAL: reads never block the writer).</summary>
    public async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var conn = new SqliteConnection(ConnectionString);
        await conn.OpenAsync(cancellationToken).ConfigureAwait(false);
        return conn;
    }

    /// <summary>Runs <paramref name="work"/> on the writer connection, alone, without a transaction (one statement).</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return work(Writer);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> on the writer connection, alone, in one <c>BEGIN IMMEDIATE</c> transaction.</summary>
    public Task<T> WriteTransactionAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken) =>
        WriteTransactionAsync(work, static (w, conn, tx) => Task.FromResult(w(conn, tx)), cancellationToken);

    /// <summary>Runs <paramref name="work"/> on the writer connection, alone, in one <c>BEGIN IMMEDIATE</c> transaction.</summary>
    public Task<T> WriteTransactionAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WriteTransactionAsync(work, static (w, conn, tx) => w(conn, tx), cancellationToken);

    private async Task<T> WriteTransactionAsync<TState, T>(TState state, Func<TState, SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Synchronous begin and commit on purpose: Microsoft.Data.Sqlite's async methods run synchronously
            // anyway, and a transaction must not be split by cancellation halfway.
            using var tx = Writer.BeginTransaction(deferred: false);
            var result = await work(state, Writer, tx).ConfigureAwait(false);
            tx.Commit();
            return result;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Closes the writer connection; waits for a running write first. A second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_writer is not null)
            {
                await _writer.DisposeAsync().ConfigureAwait(false);
                _writer = null;
            }
        }
        finally
        {
            _lock.Release();
        }
        _lock.Dispose();
    }
}
