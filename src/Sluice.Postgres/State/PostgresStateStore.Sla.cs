using Sluice.State;

namespace Sluice.Postgres.State;

public sealed partial class PostgresStateStore
{
    /// <inheritdoc />
    public Task<bool> RecordSlaMissAsync(SlaMissRecord miss, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(miss);
        return RunAsync(miss, static async (conn, m, _, ct) =>
        {
            var cmd = Sql.Command(conn, """
                INSERT INTO sla_misses (run_id, task_id, map_index, kind, deadline, noticed_at) VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (run_id, task_id, map_index, kind) DO NOTHING
                """,
                Sql.Text(m.RunId), Sql.Text(m.TaskId ?? string.Empty), Sql.Int(m.MapIndex), Sql.Text(m.Kind), Sql.Time(m.Deadline), Sql.Time(m.NoticedAt));
            await using (cmd.ConfigureAwait(false))
            {
                return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            }
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SlaMissRecord>> GetSlaMissesAsync(string runId, CancellationToken cancellationToken = default) =>
        RunAsync(runId, static async (conn, runId, _, ct) =>
        {
            var cmd = Sql.Command(conn, "SELECT task_id, map_index, kind, deadline, noticed_at FROM sla_misses WHERE run_id = $1 ORDER BY noticed_at, task_id, map_index",
                Sql.Text(runId));
            await using (cmd.ConfigureAwait(false))
            {
                var list = new List<SlaMissRecord>();
                var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    while (await r.ReadAsync(ct).ConfigureAwait(false))
                    {
                        list.Add(new SlaMissRecord
                        {
                            RunId = runId, TaskId = r.GetString(0) is { Length: > 0 } task ? task : null, MapIndex = r.GetInt32(1), Kind = r.GetString(2),
                            Deadline = Sql.TimeAt(r, 3), NoticedAt = Sql.TimeAt(r, 4),
                        });
                    }
                }
                return (IReadOnlyList<SlaMissRecord>)list;
            }
        }, cancellationToken);
}
