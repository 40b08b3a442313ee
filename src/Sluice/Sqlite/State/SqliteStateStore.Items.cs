using Sluice.Sqlite.Connection;
using Sluice.State;

namespace Sluice.Sqlite.State;

public sealed partial class SqliteStateStore
{
    /// <inheritdoc />
    public async Task<TaskItemPage> GetTaskItemsAsync(TaskItemQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var conn = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        var items = new List<TaskInstanceRecord>();
        // The primary key (run_id, task_id, map_index) serves both queries: a range from the keyset position, and the counts.
        await using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = $"SELECT {TaskInstanceReader.Columns} FROM task_instances WHERE run_id = $run AND task_id = $task AND map_index > $after"
                + (query.State is null ? "" : " AND state = $state") + " ORDER BY map_index LIMIT $limit";
            cmd.Parameters.AddWithValue("$run", query.RunId);
            cmd.Parameters.AddWithValue("$task", query.TaskId);
            cmd.Parameters.AddWithValue("$after", Math.Max(-1, query.AfterIndex));
            cmd.Parameters.AddWithValue("$limit", Math.Max(0, query.Limit));
            if (query.State is { } state)
            {
                cmd.Parameters.AddWithValue("$state", state.ToName());
            }
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(TaskInstanceReader.Read(r, query.RunId, SqliteTime.ReadOrNull));
            }
        }
        var counts = new Dictionary<TaskState, int>();
        await using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "SELECT state, count(*) FROM task_instances WHERE run_id = $run AND task_id = $task AND map_index >= 0 GROUP BY state";
            cmd.Parameters.AddWithValue("$run", query.RunId);
            cmd.Parameters.AddWithValue("$task", query.TaskId);
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                counts[StateNames.ParseTask(r.GetString(0))] = r.GetInt32(1);
            }
        }
        return new TaskItemPage(items, counts);
    }
}
