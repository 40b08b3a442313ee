using Sluice.Sqlite.Connection;
using Sluice.State;

namespace Sluice.Sqlite.State;

public sealed partial class SqliteStateStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<SourceMarkRecord>> GetSourceMarksAsync(string pipelineId, string taskId, CancellationToken cancellationToken = default)
    {
        await using var conn = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT source_key, value, run_id, updated_at FROM source_marks WHERE pipeline_id = $p AND task_id = $t ORDER BY source_key";
        cmd.Parameters.AddWithValue("$p", pipelineId);
        cmd.Parameters.AddWithValue("$t", taskId);
        var list = new List<SourceMarkRecord>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new SourceMarkRecord
            {
                PipelineId = pipelineId, TaskId = taskId, SourceKey = r.GetString(0), Value = r.GetString(1), RunId = r.GetString(2),
                UpdatedAt = SqliteTime.FromStored(r.GetInt64(3)),
            });
        }
        return list;
    }

    /// <inheritdoc />
    public Task<int> ClearSourceMarksAsync(string pipelineId, CancellationToken cancellationToken = default) =>
        WriteAsync(conn =>
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "DELETE FROM source_marks WHERE pipeline_id = $p";
            cmd.Parameters.AddWithValue("$p", pipelineId);
            return cmd.ExecuteNonQuery();
        }, cancellationToken);
}
