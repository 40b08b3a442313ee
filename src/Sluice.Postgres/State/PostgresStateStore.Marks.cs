using Sluice.State;

namespace Sluice.Postgres.State;

public sealed partial class PostgresStateStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<SourceMarkRecord>> GetSourceMarksAsync(string pipelineId, string taskId, CancellationToken cancellationToken = default) =>
        RunAsync((pipelineId, taskId), static async (conn, s, _, ct) =>
        {
            var cmd = Sql.Command(conn, "SELECT source_key, value, run_id, updated_at FROM source_marks WHERE pipeline_id = $1 AND task_id = $2 ORDER BY source_key",
                Sql.Text(s.pipelineId), Sql.Text(s.taskId));
            await using (cmd.ConfigureAwait(false))
            {
                var list = new List<SourceMarkRecord>();
                var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    while (await r.ReadAsync(ct).ConfigureAwait(false))
                    {
                        list.Add(new SourceMarkRecord
                        {
                            PipelineId = s.pipelineId, TaskId = s.taskId, SourceKey = r.GetString(0), Value = r.GetString(1), RunId = r.GetString(2),
                            UpdatedAt = Sql.TimeAt(r, 3),
                        });
                    }
                }
                return (IReadOnlyList<SourceMarkRecord>)list;
            }
        }, cancellationToken);

    /// <inheritdoc />
    public Task<int> ClearSourceMarksAsync(string pipelineId, CancellationToken cancellationToken = default) =>
        RunAsync(pipelineId, static async (conn, pipelineId, _, ct) =>
        {
            var cmd = Sql.Command(conn, "DELETE FROM source_marks WHERE pipeline_id = $1", Sql.Text(pipelineId));
            await using (cmd.ConfigureAwait(false))
            {
                return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }, cancellationToken);
}
