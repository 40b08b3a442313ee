using Sluice.State;

namespace Sluice.Postgres.State;

public sealed partial class PostgresStateStore
{
    /// <inheritdoc />
    public Task<TaskItemPage> GetTaskItemsAsync(TaskItemQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return RunAsync(query, static async (conn, q, _, ct) =>
        {
            var items = new List<TaskInstanceRecord>();
            var cmd = Sql.Command(conn, $"""
                SELECT {TaskInstanceReader.Columns} FROM task_instances
                WHERE run_id = $1 AND task_id = $2 AND map_index > $3 AND ($4::text IS NULL OR state = $4)
                ORDER BY map_index LIMIT $5
                """,
                Sql.Text(q.RunId), Sql.Text(q.TaskId), Sql.Int(Math.Max(-1, q.AfterIndex)), Sql.Text(q.State?.ToName()), Sql.Int(Math.Max(0, q.Limit)));
            await using (cmd.ConfigureAwait(false))
            {
                var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    while (await r.ReadAsync(ct).ConfigureAwait(false))
                    {
                        items.Add(TaskInstanceReader.Read(r, q.RunId, Sql.TimeOrNull));
                    }
                }
            }
            var counts = new Dictionary<TaskState, int>();
            var count = Sql.Command(conn, "SELECT state, count(*)::int FROM task_instances WHERE run_id = $1 AND task_id = $2 AND map_index >= 0 GROUP BY state",
                Sql.Text(q.RunId), Sql.Text(q.TaskId));
            await using (count.ConfigureAwait(false))
            {
                var r = await count.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    while (await r.ReadAsync(ct).ConfigureAwait(false))
                    {
                        counts[StateNames.ParseTask(r.GetString(0))] = r.GetInt32(1);
                    }
                }
            }
            return new TaskItemPage(items, counts);
        }, cancellationToken);
    }
}
