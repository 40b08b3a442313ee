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
        // One row per run with its task ids and states concatenated in SQLite: a grid of 50 runs × 1,000 tasks is 50 rows
        // instead of 50,000, which spares a managed read and three strings per cell (the query was most of the grid page's
        // time). The run comes back as its position in the list, so its id string is the caller's; each task id is
        // allocated once per distinct id. Task ids are identifiers and state names are fixed words, so the unit and record
        // separators (U+001F, U+001E) never occur in them.
        cmd.CommandText = """
            SELECT j.key, group_concat(t.task_id || char(31) || t.state, char(30))
            FROM json_each($ids) AS j JOIN task_instances AS t ON t.run_id = j.value AND t.map_index = -1
            GROUP BY j.key
            """;
        cmd.Parameters.AddWithValue("$ids", System.Text.Json.JsonSerializer.Serialize(runIds));
        var list = new List<TaskStateCell>();
        var taskIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var lookup = taskIds.GetAlternateLookup<ReadOnlySpan<char>>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var runId = runIds[r.GetInt32(0)];
            var cells = r.GetString(1).AsSpan();
            foreach (var range in cells.Split('\u001e'))
            {
                var cell = cells[range];
                var cut = cell.IndexOf('\u001f');
                var task = cell[..cut];
                if (!lookup.TryGetValue(task, out var taskId))
                {
                    taskId = task.ToString();
                    lookup[task] = taskId;
                }
                list.Add(new TaskStateCell(runId, taskId, StateNames.ParseTask(cell[(cut + 1)..])));
            }
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
