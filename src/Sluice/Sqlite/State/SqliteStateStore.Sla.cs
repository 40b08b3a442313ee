using Sluice.Sqlite.Connection;
using Sluice.State;

namespace Sluice.Sqlite.State;

public sealed partial class SqliteStateStore
{
    /// <inheritdoc />
    public Task<bool> RecordSlaMissAsync(SlaMissRecord miss, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(miss);
        return WriteAsync(conn =>
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = """
                INSERT INTO sla_misses (run_id, task_id, map_index, kind, deadline, noticed_at) VALUES ($r, $t, $m, $k, $d, $n)
                ON CONFLICT (run_id, task_id, map_index, kind) DO NOTHING
                """;
            cmd.Parameters.AddWithValue("$r", miss.RunId);
            cmd.Parameters.AddWithValue("$t", miss.TaskId ?? string.Empty);
            cmd.Parameters.AddWithValue("$m", miss.MapIndex);
            cmd.Parameters.AddWithValue("$k", miss.Kind);
            cmd.Parameters.AddWithValue("$d", SqliteTime.ToStored(miss.Deadline));
            cmd.Parameters.AddWithValue("$n", SqliteTime.ToStored(miss.NoticedAt));
            return cmd.ExecuteNonQuery() == 1;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SlaMissRecord>> GetSlaMissesAsync(string runId, CancellationToken cancellationToken = default)
    {
        await using var conn = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT task_id, map_index, kind, deadline, noticed_at FROM sla_misses WHERE run_id = $r ORDER BY noticed_at, task_id, map_index";
        cmd.Parameters.AddWithValue("$r", runId);
        var list = new List<SlaMissRecord>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new SlaMissRecord
            {
                RunId = runId, TaskId = r.GetString(0) is { Length: > 0 } task ? task : null, MapIndex = r.GetInt32(1), Kind = r.GetString(2),
                Deadline = SqliteTime.FromStored(r.GetInt64(3)), NoticedAt = SqliteTime.FromStored(r.GetInt64(4)),
            });
        }
        return list;
    }
}
