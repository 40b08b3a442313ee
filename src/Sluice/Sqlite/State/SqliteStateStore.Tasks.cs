using Sluice.Sqlite.Connection;
using Sluice.State;

namespace Sluice.Sqlite.State;

public sealed partial class SqliteStateStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<TaskInstanceRecord>> GetTaskInstancesAsync(string runId, CancellationToken cancellationToken = default)
    {
        await using var conn = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT {TaskInstanceReader.Columns} FROM task_instances WHERE run_id = $id ORDER BY task_id, map_index";
        cmd.Parameters.AddWithValue("$id", runId);
        var list = new List<TaskInstanceRecord>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(TaskInstanceReader.Read(r, runId, SqliteTime.ReadOrNull));
        }
        return list;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TaskStateCell>> GetTaskStatesAsync(IReadOnlyList<string> runIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        await using var conn = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT run_id, task_id, state FROM task_instances WHERE run_id IN (SELECT value FROM json_each($ids)) AND map_index = -1";
        cmd.Parameters.AddWithValue("$ids", System.Text.Json.JsonSerializer.Serialize(runIds));
        var list = new List<TaskStateCell>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new TaskStateCell(r.GetString(0), r.GetString(1), StateNames.ParseTask(r.GetString(2))));
        }
        return list;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AttemptRecord>> GetAttemptsAsync(string runId, string? taskId = null, CancellationToken cancellationToken = default)
    {
        await using var conn = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT task_id, map_index, attempt, state, started_at, ended_at, error, worker, cpu_us, peak_memory_bytes, bytes_read, bytes_written FROM task_attempts WHERE run_id = $id"
            + (taskId is null ? "" : " AND task_id = $task") + " ORDER BY started_at, task_id, map_index, attempt";
        cmd.Parameters.AddWithValue("$id", runId);
        if (taskId is not null)
        {
            cmd.Parameters.AddWithValue("$task", taskId);
        }
        var list = new List<AttemptRecord>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new AttemptRecord(runId, r.GetString(0), r.GetInt32(1), r.GetInt32(2), StateNames.ParseTask(r.GetString(3)),
                SqliteTime.FromStored(r.GetInt64(4)), SqliteTime.FromStoredOrNull(r.GetValue(5)), NullableString(r, 6), NullableString(r, 7))
            {
                Usage = r.IsDBNull(8) ? null : new ResourceUsage(TimeSpan.FromMicroseconds(r.GetInt64(8)), r.GetInt64(9), r.GetInt64(10), r.GetInt64(11)),
            });
        }
        return list;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LogRecord>> GetLogsAsync(string runId, string? taskId = null, long afterSequence = 0, int limit = 10_000, CancellationToken cancellationToken = default)
    {
        await using var conn = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT seq, task_id, map_index, attempt, at, stream, line FROM task_logs WHERE run_id = $id AND seq > $after"
            + (taskId is null ? "" : " AND task_id = $task") + " ORDER BY seq LIMIT $limit";
        cmd.Parameters.AddWithValue("$id", runId);
        cmd.Parameters.AddWithValue("$after", afterSequence);
        cmd.Parameters.AddWithValue("$limit", limit);
        if (taskId is not null)
        {
            cmd.Parameters.AddWithValue("$task", taskId);
        }
        var list = new List<LogRecord>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new LogRecord(r.GetInt64(0), runId, r.GetString(1), r.GetInt32(2), r.GetInt32(3), SqliteTime.FromStored(r.GetInt64(4)), r.GetString(5), r.GetString(6)));
        }
        return list;
    }
}
