using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sluice.Scheduling.Storage;
using Sluice.Sqlite.Connection;

namespace Sluice.Sqlite.Scheduling;

public sealed partial class SqliteScheduleStore
{
    private const string DatasetFireColumns = "pipeline_id, source_run_id, source_pipeline_id, datasets_json, run_id, completed_at";

    /// <inheritdoc />
    public Task<bool> RecordDatasetFireAsync(DatasetFire fire, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fire);
        return WithTransactionAsync((conn, tx) =>
        {
            using var insert = Command(conn, tx, """
                INSERT OR IGNORE INTO dataset_fires (pipeline_id, source_run_id, source_pipeline_id, datasets_json, run_id, recorded_at, completed_at)
                VALUES ($p, $s, $sp, $d, $run, $now, NULL)
                """);
            insert.Parameters.AddWithValue("$p", fire.PipelineId);
            insert.Parameters.AddWithValue("$s", fire.SourceRunId);
            insert.Parameters.AddWithValue("$sp", fire.SourcePipelineId);
            insert.Parameters.AddWithValue("$d", JsonSerializer.Serialize(fire.Datasets));
            insert.Parameters.AddWithValue("$run", fire.RunId);
            insert.Parameters.AddWithValue("$now", SqliteTime.ToStored(now));
            return insert.ExecuteNonQuery() == 1;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task CompleteDatasetFireAsync(DatasetFire fire, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fire);
        return WithTransactionAsync((conn, tx) =>
        {
            using var cmd = Command(conn, tx, "UPDATE dataset_fires SET completed_at = $now WHERE pipeline_id = $p AND source_run_id = $s AND completed_at IS NULL");
            cmd.Parameters.AddWithValue("$p", fire.PipelineId);
            cmd.Parameters.AddWithValue("$s", fire.SourceRunId);
            cmd.Parameters.AddWithValue("$now", SqliteTime.ToStored(now));
            return cmd.ExecuteNonQuery();
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DatasetFire>> GetPendingDatasetFiresAsync(CancellationToken cancellationToken = default) =>
        WithTransactionAsync((conn, tx) => (IReadOnlyList<DatasetFire>)ReadDatasetFires(Command(conn, tx, $"SELECT {DatasetFireColumns} FROM dataset_fires WHERE completed_at IS NULL ORDER BY recorded_at, pipeline_id, source_run_id")),
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<DatasetFire>> ListDatasetFiresAsync(string pipelineId, int limit = 1000, CancellationToken cancellationToken = default) =>
        WithTransactionAsync((conn, tx) =>
        {
            var cmd = Command(conn, tx, $"SELECT {DatasetFireColumns} FROM dataset_fires WHERE pipeline_id = $p ORDER BY recorded_at, source_run_id LIMIT $limit");
            cmd.Parameters.AddWithValue("$p", pipelineId);
            cmd.Parameters.AddWithValue("$limit", limit);
            return (IReadOnlyList<DatasetFire>)ReadDatasetFires(cmd);
        }, cancellationToken);

    private static List<DatasetFire> ReadDatasetFires(SqliteCommand cmd)
    {
        using (cmd)
        {
            using var r = cmd.ExecuteReader();
            var fires = new List<DatasetFire>();
            while (r.Read())
            {
                fires.Add(new DatasetFire(r.GetString(0), r.GetString(1), r.GetString(2), JsonSerializer.Deserialize<List<string>>(r.GetString(3)) ?? [], r.GetString(4))
                {
                    CompletedAt = r.IsDBNull(5) ? null : SqliteTime.FromStored(r.GetInt64(5)),
                });
            }
            return fires;
        }
    }
}
