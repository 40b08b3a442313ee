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
            const string Columns = "run_id, task_id, map_index, attempt, direction, dataset, format, kind, schema_json, row_count, fingerprint, columns_json, recorded_at";
            var cmd = Sql.Command(conn, q.RunId is not null
                ? $"SELECT {Columns} FROM task_lineage WHERE run_id = $1 AND ($2::text IS NULL OR dataset = $2) ORDER BY recorded_at, task_id, map_index, direction, dataset LIMIT $3"
                : $"SELECT {Columns} FROM task_lineage WHERE dataset = $2 AND $1::text IS NULL ORDER BY recorded_at DESC, run_id, task_id LIMIT $3",
                Sql.Text(q.RunId), Sql.Text(q.Dataset), Sql.Int(Math.Max(0, q.Limit)));
            await using (cmd.ConfigureAwait(false))
            {
                var list = new List<LineageRecord>();
                var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    while (await r.ReadAsync(ct).ConfigureAwait(false))
                    {
                        list.Add(new LineageRecord
                        {
                            RunId = r.GetString(0),
                            TaskId = r.GetString(1),
                            MapIndex = r.GetInt32(2),
                            Attempt = r.GetInt32(3),
                            Direction = r.GetString(4) == "write" ? LineageDirection.Write : LineageDirection.Read,
                            Dataset = r.GetString(5),
                            Format = r.GetString(6),
                            Kind = r.GetString(7),
                            Schema = LineageJson.ReadSchema(r.GetString(8)),
                            Rows = r.IsDBNull(9) ? null : r.GetInt64(9),
                            Fingerprint = r.IsDBNull(10) ? null : r.GetString(10),
                            Columns = LineageJson.ReadColumns(r.GetString(11)),
                            RecordedAt = Sql.TimeAt(r, 12),
                        });
                    }
                }

                return (IReadOnlyList<LineageRecord>)list;
            }
        }, cancellationToken);
    }
}
