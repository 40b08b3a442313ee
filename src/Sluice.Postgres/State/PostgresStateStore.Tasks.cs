using Sluice.State;

namespace Sluice.Postgres.State;

public sealed partial class PostgresStateStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<TaskStateCell>> GetTaskStatesAsync(IReadOnlyList<string> runIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        return RunAsync(runIds.ToArray(), static async (conn, ids, _, ct) =>
        {
            var cmd = Sql.Command(conn, "SELECT run_id, task_id, state FROM task_instances WHERE run_id = ANY($1) AND map_index = -1",
                Sql.Array(ids, NpgsqlTypes.NpgsqlDbType.Text));
            await using (cmd.ConfigureAwait(false))
            {
                var list = new List<TaskStateCell>();
                var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    while (await r.ReadAsync(ct).ConfigureAwait(false))
                    {
                        list.Add(new TaskStateCell(r.GetString(0), r.GetString(1), StateNames.ParseTask(r.GetString(2))));
                    }
                }
                return (IReadOnlyList<TaskStateCell>)list;
            }
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TaskInstanceRecord>> GetTaskInstancesAsync(string runId, CancellationToken cancellationToken = default) =>
        RunAsync(runId, static async (conn, runId, _, ct) =>
        {
            var cmd = Sql.Command(conn, $"SELECT {TaskInstanceReader.Columns} FROM task_instances WHERE run_id = $1 ORDER BY task_id, map_index",
                Sql.Text(runId));
            await using (cmd.ConfigureAwait(false))
            {
                var list = new List<TaskInstanceRecord>();
                var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    while (await r.ReadAsync(ct).ConfigureAwait(false))
                    {
                        list.Add(TaskInstanceReader.Read(r, runId, Sql.TimeOrNull));
                    }
                }
                return (IReadOnlyList<TaskInstanceRecord>)list;
            }
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AttemptRecord>> GetAttemptsAsync(string runId, string? taskId = null, CancellationToken cancellationToken = default) =>
        RunAsync((runId, taskId), static async (conn, s, _, ct) =>
        {
            // A distributed attempt that is running has no row yet (it is written with its outcome): it is the leased work
            // item, run by the lease's owner since its claim started the task instance.
            var cmd = Sql.Command(conn, """
                SELECT task_id, map_index, attempt, state, started_at, ended_at, error, worker, cpu_us, peak_memory_bytes, bytes_read, bytes_written
                FROM task_attempts WHERE run_id = $1 AND ($2::text IS NULL OR task_id = $2)
                UNION ALL
                SELECT w.task_id, w.map_index, w.attempt, 'running', coalesce(t.started_at, w.available_at), NULL, NULL, w.lease_owner, NULL, NULL, NULL, NULL
                FROM work_items w
                LEFT JOIN task_instances t ON t.run_id = w.run_id AND t.task_id = w.task_id AND t.map_index = w.map_index AND t.attempt = w.attempt
                WHERE w.run_id = $1 AND w.kind = 'task' AND w.state = 'leased' AND ($2::text IS NULL OR w.task_id = $2)
                  AND NOT EXISTS (SELECT 1 FROM task_attempts a
                    WHERE a.run_id = w.run_id AND a.task_id = w.task_id AND a.map_index = w.map_index AND a.attempt = w.attempt)
                ORDER BY started_at, task_id, map_index, attempt
                """,
                Sql.Text(s.runId), Sql.Text(s.taskId));
            await using (cmd.ConfigureAwait(false))
            {
                var list = new List<AttemptRecord>();
                var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    while (await r.ReadAsync(ct).ConfigureAwait(false))
                    {
                        list.Add(new AttemptRecord(s.runId, r.GetString(0), r.GetInt32(1), r.GetInt32(2), StateNames.ParseTask(r.GetString(3)),
                            Sql.TimeAt(r, 4), Sql.TimeOrNull(r, 5), Sql.StringOrNull(r, 6), Sql.StringOrNull(r, 7))
                        {
                            Usage = r.IsDBNull(8) ? null : new ResourceUsage(TimeSpan.FromMicroseconds(r.GetInt64(8)), r.GetInt64(9), r.GetInt64(10), r.GetInt64(11)),
                        });
                    }
                }
                return (IReadOnlyList<AttemptRecord>)list;
            }
        }, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// Sequences come from an identity column: increasing in insertion order, but a reader tailing
    /// a run that several transactions write at once may see a higher sequence commit before a lower one.
    /// Within one run the executor commits serially, so tailing one run is gap-free.
    /// </remarks>
    public Task<IReadOnlyList<LogRecord>> GetLogsAsync(string runId, string? taskId = null, long afterSequence = 0, int limit = 10_000, CancellationToken cancellationToken = default) =>
        RunAsync((runId, taskId, afterSequence, limit), static async (conn, s, _, ct) =>
        {
            var cmd = Sql.Command(conn, """
                SELECT seq, task_id, map_index, attempt, at, stream, line FROM task_logs
                WHERE run_id = $1 AND seq > $2 AND ($3::text IS NULL OR task_id = $3) ORDER BY seq LIMIT $4
                """,
                Sql.Text(s.runId), Sql.Long(s.afterSequence), Sql.Text(s.taskId), Sql.Int(Math.Max(0, s.limit)));
            await using (cmd.ConfigureAwait(false))
            {
                var list = new List<LogRecord>();
                var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    while (await r.ReadAsync(ct).ConfigureAwait(false))
                    {
                        list.Add(new LogRecord(r.GetInt64(0), s.runId, r.GetString(1), r.GetInt32(2), r.GetInt32(3), Sql.TimeAt(r, 4), r.GetString(5), r.GetString(6)));
                    }
                }
                return (IReadOnlyList<LogRecord>)list;
            }
        }, cancellationToken);
}
