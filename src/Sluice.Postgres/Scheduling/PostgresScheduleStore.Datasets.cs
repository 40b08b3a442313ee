using System.Text.Json;
using Npgsql;
using Sluice.Postgres.State;
using Sluice.Scheduling.Storage;

namespace Sluice.Postgres.Scheduling;

public sealed partial class PostgresScheduleStore
{
    private const string DatasetFireColumns = "pipeline_id, source_run_id, source_pipeline_id, datasets_json, run_id, completed_at";

    /// <inheritdoc />
    public Task<bool> RecordDatasetFireAsync(DatasetFire fire, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fire);
        return InTransactionAsync((fire, now), static async (conn, s, attempt, ct) =>
        {
            var inserted = await ExecuteAsync(conn, """
                INSERT INTO dataset_fires (pipeline_id, source_run_id, source_pipeline_id, datasets_json, run_id, recorded_at, completed_at)
                VALUES ($1, $2, $3, $4, $5, $6, NULL) ON CONFLICT (pipeline_id, source_run_id) DO NOTHING
                """,
                [Sql.Text(s.fire.PipelineId), Sql.Text(s.fire.SourceRunId), Sql.Text(s.fire.SourcePipelineId), Sql.Text(JsonSerializer.Serialize(s.fire.Datasets)),
                    Sql.Text(s.fire.RunId), Sql.Time(s.now)], ct).ConfigureAwait(false);
            if (inserted == 1 || attempt == 1)
            {
                return inserted == 1;
            }
            // A repeated attempt after a lost commit acknowledgement finds its own row: still ours.
            var cmd = Sql.Command(conn, "SELECT 1 FROM dataset_fires WHERE pipeline_id = $1 AND source_run_id = $2 AND recorded_at = $3 AND completed_at IS NULL",
                Sql.Text(s.fire.PipelineId), Sql.Text(s.fire.SourceRunId), Sql.Time(s.now));
            await using (cmd.ConfigureAwait(false))
            {
                return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null;
            }
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task CompleteDatasetFireAsync(DatasetFire fire, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fire);
        return InTransactionAsync((fire, now), static (conn, s, _, ct) =>
            ExecuteAsync(conn, "UPDATE dataset_fires SET completed_at = $3 WHERE pipeline_id = $1 AND source_run_id = $2 AND completed_at IS NULL",
                [Sql.Text(s.fire.PipelineId), Sql.Text(s.fire.SourceRunId), Sql.Time(s.now)], ct), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DatasetFire>> GetPendingDatasetFiresAsync(CancellationToken cancellationToken = default) =>
        InTransactionAsync(0, static (conn, _, _, ct) =>
            ReadDatasetFiresAsync(conn, $"SELECT {DatasetFireColumns} FROM dataset_fires WHERE completed_at IS NULL ORDER BY recorded_at, pipeline_id, source_run_id", [], ct),
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<DatasetFire>> ListDatasetFiresAsync(string pipelineId, int limit = 1000, CancellationToken cancellationToken = default) =>
        InTransactionAsync((pipelineId, limit), static (conn, s, _, ct) =>
            ReadDatasetFiresAsync(conn, $"SELECT {DatasetFireColumns} FROM dataset_fires WHERE pipeline_id = $1 ORDER BY recorded_at, source_run_id LIMIT $2",
                [Sql.Text(s.pipelineId), Sql.Int(s.limit)], ct),
            cancellationToken);

    private static async Task<IReadOnlyList<DatasetFire>> ReadDatasetFiresAsync(NpgsqlConnection conn, string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
    {
        var fires = new List<DatasetFire>();
        var cmd = Sql.Command(conn, sql, parameters);
        await using (cmd.ConfigureAwait(false))
        {
            var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (r.ConfigureAwait(false))
            {
                while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    fires.Add(new DatasetFire(r.GetString(0), r.GetString(1), r.GetString(2), JsonSerializer.Deserialize<List<string>>(r.GetString(3)) ?? [], r.GetString(4))
                    {
                        CompletedAt = Sql.TimeOrNull(r, 5),
                    });
                }
            }
        }
        return fires;
    }
}
