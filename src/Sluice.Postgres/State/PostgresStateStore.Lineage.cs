using Sluice.Lineage;

namespace Sluice.Postgres.State;

public sealed partial class PostgresStateStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<LineageRecord>> GetLineageAsync(LineageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return RunAsync(query, static async (conn, q, _, ct) =>
        {
            var cmd = Sql.Command(conn, q.RunId is not null
                ? $"SELECT {LineageRows.Columns} FROM task_lineage WHERE run_id = $1 AND ($2::text IS NULL OR dataset = $2) ORDER BY recorded_at, task_id, map_index, direction, dataset LIMIT $3"
                : $"SELECT {LineageRows.Columns} FROM task_lineage WHERE dataset = $2 AND $1::text IS NULL ORDER BY recorded_at DESC, run_id, task_id LIMIT $3",
                Sql.Text(q.RunId), Sql.Text(q.Dataset), Sql.Int(Math.Max(0, q.Limit)));
            await using (cmd.ConfigureAwait(false))
            {
                var list = new List<LineageRecord>();
                var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    while (await r.ReadAsync(ct).ConfigureAwait(false))
                    {
                        list.Add(LineageRows.Read(r, Sql.TimeAt(r, 12)));
                    }
                }

                return (IReadOnlyList<LineageRecord>)list;
            }
        }, cancellationToken);
    }
}
