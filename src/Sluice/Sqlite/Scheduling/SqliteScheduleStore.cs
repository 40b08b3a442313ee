using Microsoft.Data.Sqlite;
using Sluice.Scheduling.Storage;
using Sluice.Sqlite.Connection;

namespace Sluice.Sqlite.Scheduling;

/// <summary>
/// The scheduler's durable state in SQLite: per trigger the last fired logical date, every recorded
/// fire with its delivery state, and resumable backfills. It lives in its own tables (migrations tracked
/// in <c>schedule_migrations</c>), normally in the same database file as the state store.
/// </summary>
/// <remarks>
/// WAL mode with <c>synchronous=NORMAL</c>, like the state store: a committed fire survives a process
/// crash. All statements go through one connection under a lock; the scheduler's write rate is low.
/// </remarks>
public sealed partial class SqliteScheduleStore : IScheduleStore
{
    private readonly SqliteDatabase _db;

    /// <summary>Creates a store on the file <paramref name="path"/> (created with its folder if missing).</summary>
    public SqliteScheduleStore(string path)
    {
        _db = new SqliteDatabase(path, "schedule_migrations", SqliteScheduleSchema.Migrations, pooling: false);
    }

    /// <summary>The database file.</summary>
    public string Path => _db.Path;

    /// <summary>Opens the file and creates or migrates the tables. Idempotent.</summary>
    public Task InitializeAsync(CancellationToken cancellationToken = default) => _db.OpenAsync(cancellationToken);

    /// <summary>Runs <paramref name="work"/> on the connection, alone, inside one transaction.</summary>
    private Task<T> WithTransactionAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken) =>
        _db.WriteTransactionAsync(work, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
