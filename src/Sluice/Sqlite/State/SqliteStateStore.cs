using Microsoft.Data.Sqlite;
using Sluice.Sqlite.Connection;
using Sluice.State;

namespace Sluice.Sqlite.State;

/// <summary>
/// The embedded state store: one SQLite file in WAL mode. Writes go through one connection
/// (SQLite has one writer anyway) in explicit transactions; reads use pooled connections and
/// never block the writer (see <see cref="SqliteDatabase"/>).
/// </summary>
public sealed partial class SqliteStateStore : IStateStore
{
    private readonly SqliteDatabase _db;
    private CommitCommands? _commit;

    /// <summary>Creates a store on the file <paramref name="path"/> (created with its folder if missing).</summary>
    public SqliteStateStore(string path)
    {
        _db = new SqliteDatabase(path, "schema_migrations", SqliteSchema.Migrations, tuning: " PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16000;");
    }

    /// <summary>The database file.</summary>
    public string Path => _db.Path;

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_commit is not null)
        {
            return;
        }
        await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await _db.WriteAsync(conn => _commit ??= new CommitCommands(conn), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction on the store's writer connection (see <see cref="SqliteDatabase"/>).</summary>
    internal Task<T> WriteTransactionAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        _db.WriteTransactionAsync(work, cancellationToken);

    /// <summary>Opens a pooled read connection (WAL: reads never block the writer).</summary>
    internal Task<SqliteConnection> OpenReadConnectionAsync(CancellationToken cancellationToken) => _db.OpenReaderAsync(cancellationToken);

    private Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken) => _db.OpenReaderAsync(cancellationToken);

    private Task<T> WriteAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken) => _db.WriteAsync(work, cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_db.IsOpen)
        {
            await _db.WriteAsync(_ =>
            {
                _commit?.Dispose();
                return _commit = null;
            }, CancellationToken.None).ConfigureAwait(false);
        }
        await _db.DisposeAsync().ConfigureAwait(false);
    }
}
