using Microsoft.Data.Sqlite;
using Sluice.Scheduling.Storage;
using Sluice.Sqlite.Connection;

namespace Sluice.Sqlite.Scheduling;

/// <summary>
/// What file triggers have fired, durably: per (pipeline, trigger, path) the size and modification time
/// of the file state that fired, and whether its run was created. Lives in the schedule database file.
/// </summary>
/// <remarks>
/// A fire is recorded before its run is created and marked complete after; one left incomplete by a
/// crash is delivered again on the next start, and the deterministic run id makes that idempotent.
/// </remarks>
public sealed class SqliteFileTriggerStore : IAsyncDisposable
{
    private readonly SqliteDatabase _db;
    private readonly TimeProvider _time;

    /// <summary>Creates a store on the file <paramref name="path"/> (created with its folder if missing).</summary>
    /// <param name="path">The database file.</param>
    /// <param name="time">The clock for <c>recorded_at</c> and <c>completed_at</c>.</param>
    public SqliteFileTriggerStore(string path, TimeProvider time)
    {
        _db = new SqliteDatabase(path, "file_trigger_migrations", SqliteFileTriggerSchema.Migrations, pooling: false);
        _time = time;
    }

    /// <summary>Opens the file and creates or migrates the table. Idempotent.</summary>
    public Task InitializeAsync(CancellationToken cancellationToken = default) => _db.OpenAsync(cancellationToken);

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
            cmd.Parameters.AddWithValue("$now", _time.GetUtcNow().UtcTicks);
            return cmd.ExecuteNonQuery();
        }, cancellationToken);

    /// <summary>Marks <paramref name="fire"/> delivered: its run exists.</summary>
    public Task CompleteAsync(FileFire fire, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(conn =>
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "UPDATE file_trigger_files SET completed_at = $now WHERE pipeline_id = $p AND trigger_index = $i AND path = $path AND run_id = $run";
            Bind(cmd, fire);
            cmd.Parameters.AddWithValue("$now", _time.GetUtcNow().UtcTicks);
            return cmd.ExecuteNonQuery();
        }, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _db.DisposeAsync();

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

    private Task<T> WithConnectionAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken) => _db.WriteAsync(work, cancellationToken);
}
