using Microsoft.Data.Sqlite;
using Sluice.Retention;
using Sluice.Sqlite.Connection;

namespace Sluice.Sqlite.State;

/// <summary>Retention primitives: each call is one short write transaction.</summary>
public sealed partial class SqliteStateStore : IRetentionStore
{
    private static readonly string[] RunOwnedTables = ["task_logs", "task_attempts", "task_instances", "work_items", "task_progress", "run_progress", "task_lineage", "sla_misses"];

    /// <inheritdoc />
    public async Task<IReadOnlyList<EndedRun>> ListEndedRunsAsync(DateTimeOffset cutoff, DateTimeOffset? afterEnded, string? afterRunId, int limit, CancellationToken cancellationToken = default)
    {
        await using var conn = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            SELECT run_id, ended_at FROM runs
            WHERE ended_at IS NOT NULL AND ended_at < $cutoff AND state IN ('succeeded', 'failed', 'cancelled', 'skipped')
              AND ($after IS NULL OR ended_at > $after OR (ended_at = $after AND run_id > $afterRun))
            ORDER BY ended_at, run_id LIMIT $limit
            """;
        cmd.Parameters.AddWithValue("$cutoff", SqliteTime.ToStored(cutoff));
        cmd.Parameters.AddWithValue("$after", SqliteTime.ToStored(afterEnded));
        cmd.Parameters.AddWithValue("$afterRun", (object?)afterRunId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$limit", limit);
        var list = new List<EndedRun>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new EndedRun(r.GetString(0), SqliteTime.FromStored(r.GetInt64(1))));
        }
        return list;
    }

    /// <inheritdoc />
    public Task<PurgeCounts> DeleteRunsAsync(IReadOnlyList<string> runIds, CancellationToken cancellationToken = default) =>
        WriteTransactionAsync((conn, tx) =>
        {
            long logs = 0, instances = 0, runs = 0;
            foreach (var table in RunOwnedTables)
            {
                using var cmd = Delete(conn, tx, $"DELETE FROM {table} WHERE run_id = $run");
                foreach (var id in runIds)
                {
                    cmd.Parameters["$run"].Value = id;
                    var n = cmd.ExecuteNonQuery();
                    logs += table == "task_logs" ? n : 0;
                    instances += table == "task_instances" ? n : 0;
                }
            }
            // Streaming checkpoints and partition leases share the file but their tables are created on first use: delete where they exist.
            foreach (var table in (string[])["stream_checkpoints", "stream_partition_leases", "stream_lease_members"])
            {
                using var exists = conn.CreateCommand();
                exists.Transaction = tx;
                exists.CommandText = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $name";
                exists.Parameters.AddWithValue("$name", table);
                if (exists.ExecuteScalar() is not null)
                {
                    using var cmd = Delete(conn, tx, $"DELETE FROM {table} WHERE run_id = $run");
                    foreach (var id in runIds)
                    {
                        cmd.Parameters["$run"].Value = id;
                        cmd.ExecuteNonQuery();
                    }
                }
            }
            using (var cmd = Delete(conn, tx, "DELETE FROM runs WHERE run_id = $run"))
            {
                foreach (var id in runIds)
                {
                    cmd.Parameters["$run"].Value = id;
                    runs += cmd.ExecuteNonQuery();
                }
            }
            return Task.FromResult(new PurgeCounts(runs, instances, logs));
        }, cancellationToken);

    /// <inheritdoc />
    public Task<long> DeleteLogsAsync(IReadOnlyList<string> runIds, CancellationToken cancellationToken = default) =>
        WriteTransactionAsync((conn, tx) =>
        {
            long n = 0;
            using var cmd = Delete(conn, tx, "DELETE FROM task_logs WHERE run_id = $run");
            foreach (var id in runIds)
            {
                cmd.Parameters["$run"].Value = id;
                n += cmd.ExecuteNonQuery();
            }
            return Task.FromResult(n);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<int> DeleteJobsAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken = default) =>
        WriteTransactionAsync((conn, tx) =>
        {
            using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = """
                CREATE TEMP TABLE IF NOT EXISTS purged_jobs (id INTEGER PRIMARY KEY);
                DELETE FROM purged_jobs;
                INSERT INTO purged_jobs SELECT id FROM work_items
                  WHERE kind = 'job' AND state IN ('succeeded', 'failed') AND ended_at < $cutoff LIMIT $limit;
                DELETE FROM work_dependencies WHERE depends_on IN (SELECT id FROM purged_jobs) OR item_id IN (SELECT id FROM purged_jobs);
                DELETE FROM work_items WHERE id IN (SELECT id FROM purged_jobs);
                SELECT count(*) FROM purged_jobs;
                """;
            cmd.Parameters.AddWithValue("$cutoff", SqliteTime.ToStored(cutoff));
            cmd.Parameters.AddWithValue("$limit", limit);
            return Task.FromResult(Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
        }, cancellationToken);

    /// <inheritdoc />
    public Task ReclaimSpaceAsync(bool full, CancellationToken cancellationToken = default) =>
        WriteAsync(conn =>
        {
            using var cmd = conn.CreateCommand();
            // VACUUM rewrites the whole file (and applies auto_vacuum to a file created before it was set); the
            // incremental form only truncates the free pages at the end, cheap enough after every purge.
            cmd.CommandText = full ? "PRAGMA auto_vacuum=INCREMENTAL; VACUUM;" : "PRAGMA incremental_vacuum;";
            cmd.ExecuteNonQuery();
            // The freed pages went through the WAL; a checkpoint writes them back and truncates the WAL (best effort:
            // a long reader may hold it, and the next checkpoint finishes the job).
            cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            cmd.ExecuteNonQuery();
            return 0;
        }, cancellationToken);

    private static SqliteCommand Delete(SqliteConnection conn, SqliteTransaction tx, string sql)
    {
        var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.Parameters.Add(new SqliteParameter { ParameterName = "$run" });
        return cmd;
    }
}
