using Microsoft.Data.Sqlite;
using Sluice.State.Sqlite;

namespace Sluice.Server.Scheduling;

/// <summary>
/// What file triggers have fired, durably: per (pipeline, trigger, path) the size and modification time
/// of the file state that fired, and whether its run was created. Lives in the schedule database file.
/// </summary>
/// <remarks>
/// A fire is recorded before its run is created and marked complete after; one left incomplete by a
/// crash is delivered again on the next start, and the deterministic run id makes that idempotent.
/// </remarks>
internal sealed class FileTriggerStore(string path, TimeProvider time) : IAsyncDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private SqliteConnection? _connection;

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection is not null)
            {
                return;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var conn = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(path), Pooling = false, DefaultTimeout = 30 }.ToString());
            await conn.OpenAsync(cancellationToken).ConfigureAwait(false);
            Exec(conn, null, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;");
            await SqliteMigrations.ApplyAsync(conn, "file_trigger_migrations", FileTriggerSchema.Migrations, cancellationToken).ConfigureAwait(false);
            _connection = conn;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>The file states that fired (or are firing) for one trigger, by path.</summary>
    public Task<Dictionary<string, FileFire>> LoadAsync(string pipelineId, int triggerIndex, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(conn =>
        {
            var result = new Dictionary<string, FileFire>(StringComparer.Ordinal);
            foreach (var f in Read(conn, "WHERE pipeline_id = $p AND trigger_index = $i", cmd =>
            {
                cmd.Parameters.AddWithValue("$p", pipelineId);
                cmd.Parameters.AddWithValue("$i", triggerIndex);
            }))
            {
                result[f.Path] = f;
            }
            return result;
        }, cancellationToken);

    /// <summary>Fires whose run was not confirmed created (the server stopped in between).</summary>
    public Task<List<FileFire>> PendingAsync(CancellationToken cancellationToken = default) =>
        WithConnectionAsync(conn => Read(conn, "WHERE completed_at IS NULL", static _ => { }), cancellationToken);

    /// <summary>Records that <paramref name="fire"/> is about to start its run (replacing the file's earlier state).</summary>
    public Task RecordAsync(FileFire fire, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(conn =>
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = """
                INSERT INTO file_trigger_files (pipeline_id, trigger_index, path, size, modified_ticks, run_id, recorded_at, completed_at)
                VALUES ($p, $i, $path, $size, $mtime, $run, $now, NULL)
                ON CONFLICT (pipeline_id, trigger_index, path) DO UPDATE SET
                    size = excluded.size, modified_ticks = excluded.modified_ticks, run_id = excluded.run_id,
                    recorded_at = excluded.recorded_at, completed_at = NULL
                """;
            Bind(cmd, fire);
            cmd.Parameters.AddWithValue("$now", time.GetUtcNow().UtcTicks);
            return cmd.ExecuteNonQuery();
        }, cancellationToken);

    /// <summary>Marks <paramref name="fire"/> delivered: its run exists.</summary>
    public Task CompleteAsync(FileFire fire, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(conn =>
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "UPDATE file_trigger_files SET completed_at = $now WHERE pipeline_id = $p AND trigger_index = $i AND path = $path AND run_id = $run";
            Bind(cmd, fire);
            cmd.Parameters.AddWithValue("$now", time.GetUtcNow().UtcTicks);
            return cmd.ExecuteNonQuery();
        }, cancellationToken);

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

    private static void Bind(SqliteCommand cmd, FileFire fire)
    {
        cmd.Parameters.AddWithValue("$p", fire.PipelineId);
        cmd.Parameters.AddWithValue("$i", fire.TriggerIndex);
        cmd.Parameters.AddWithValue("$path", fire.Path);
        cmd.Parameters.AddWithValue("$size", fire.Size);
        cmd.Parameters.AddWithValue("$mtime", fire.ModifiedTicks);
        cmd.Parameters.AddWithValue("$run", fire.RunId);
    }

    private static List<FileFire> Read(SqliteConnection conn, string where, Action<SqliteCommand> bind)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT pipeline_id, trigger_index, path, size, modified_ticks, run_id FROM file_trigger_files " + where + " ORDER BY recorded_at, path";
        bind(cmd);
        using var reader = cmd.ExecuteReader();
        var result = new List<FileFire>();
        while (reader.Read())
        {
            result.Add(new FileFire(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetString(5)));
        }
        return result;
    }

    private static void Exec(SqliteConnection conn, SqliteTransaction? tx, string sql)
    {
        using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private async Task<T> WithConnectionAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return work(_connection ?? throw new InvalidOperationException("Call InitializeAsync before using the file trigger store."));
        }
        finally
        {
            _lock.Release();
        }
    }
}
