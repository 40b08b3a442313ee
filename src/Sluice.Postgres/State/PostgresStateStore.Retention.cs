using NpgsqlTypes;
using Sluice.Retention;

namespace Sluice.Postgres.State;

/// <summary>Retention primitives: each call is one short transaction on a small batch of runs.</summary>
public sealed partial class PostgresStateStore : IRetentionStore
{
    private const string DeleteRunsSql = """
        WITH l AS (DELETE FROM task_logs WHERE run_id = ANY($1) RETURNING 1),
             a AS (DELETE FROM task_attempts WHERE run_id = ANY($1)),
             g AS (DELETE FROM task_lineage WHERE run_id = ANY($1)),
             t AS (DELETE FROM task_instances WHERE run_id = ANY($1) RETURNING 1),
             w AS (DELETE FROM work_items WHERE run_id = ANY($1)),
             p AS (DELETE FROM task_progress WHERE run_id = ANY($1)),
             ps AS (DELETE FROM task_progress_shards WHERE run_id = ANY($1)),
             q AS (DELETE FROM run_progress WHERE run_id = ANY($1)),
             s AS (DELETE FROM sla_misses WHERE run_id = ANY($1)),
             r AS (DELETE FROM runs WHERE run_id = ANY($1) RETURNING 1)
        SELECT (SELECT count(*) FROM r), (SELECT count(*) FROM t), (SELECT count(*) FROM l)
        """;

    // The tables purges delete from. The quality history's are created on first use and VACUUM has no IF EXISTS, so
    // the list is checked against the catalog first.
    private static readonly string[] VacuumedTables =
        ["task_logs", "task_attempts", "task_instances", "work_items", "work_dependencies", "task_progress", "task_progress_shards", "run_progress", "runs", "quality_runs", "quality_results"];

    private const string DeleteJobsSql = """
        WITH j AS (
            DELETE FROM work_items WHERE id IN (
                SELECT id FROM work_items WHERE kind = 'job' AND state IN ('succeeded', 'failed') AND ended_at < $1 LIMIT $2)
            RETURNING id),
          d AS (DELETE FROM work_dependencies WHERE depends_on IN (SELECT id FROM j) OR item_id IN (SELECT id FROM j))
        SELECT count(*)::int FROM j
        """;

    /// <inheritdoc />
    public Task<IReadOnlyList<EndedRun>> ListEndedRunsAsync(DateTimeOffset cutoff, DateTimeOffset? afterEnded, string? afterRunId, int limit, CancellationToken cancellationToken = default) =>
        RunAsync((cutoff, afterEnded, afterRunId, limit), static async (conn, s, _, ct) =>
        {
            var cmd = Sql.Command(conn, """
                SELECT run_id, ended_at FROM runs
                WHERE ended_at IS NOT NULL AND ended_at < $1 AND state IN ('succeeded', 'failed', 'cancelled', 'skipped')
                  AND ($2::timestamptz IS NULL OR ended_at > $2 OR (ended_at = $2 AND run_id > $3))
                ORDER BY ended_at, run_id LIMIT $4
                """,
                Sql.Time(s.cutoff), Sql.Time(s.afterEnded), Sql.Text(s.afterRunId), Sql.Int(s.limit));
            await using (cmd.ConfigureAwait(false))
            {
                var list = new List<EndedRun>();
                var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    while (await r.ReadAsync(ct).ConfigureAwait(false))
                    {
                        list.Add(new EndedRun(r.GetString(0), Sql.TimeAt(r, 1)));
                    }
                }
                return (IReadOnlyList<EndedRun>)list;
            }
        }, cancellationToken);

    /// <inheritdoc />
    public Task<PurgeCounts> DeleteRunsAsync(IReadOnlyList<string> runIds, CancellationToken cancellationToken = default) =>
        RunAsync(runIds.ToArray(), static async (conn, ids, _, ct) =>
        {
            // Streaming checkpoints and partition leases are in tables created on first use; the CTE cannot name a table that may not exist.
            foreach (var table in (string[])["stream_checkpoints", "stream_partition_leases", "stream_lease_members"])
            {
                var exists = Sql.Command(conn, "SELECT to_regclass($1) IS NOT NULL", Sql.Text(table));
                await using (exists.ConfigureAwait(false))
                {
                    if (await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is not true)
                    {
                        continue;
                    }
                }

                var delete = Sql.Command(conn, $"DELETE FROM {table} WHERE run_id = ANY($1)", Sql.Array(ids, NpgsqlDbType.Text));
                await using (delete.ConfigureAwait(false))
                {
                    await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
            }

            var cmd = Sql.Command(conn, DeleteRunsSql, Sql.Array(ids, NpgsqlDbType.Text));
            await using (cmd.ConfigureAwait(false))
            {
                var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    await r.ReadAsync(ct).ConfigureAwait(false);
                    return new PurgeCounts(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
                }
            }
        }, cancellationToken);

    /// <inheritdoc />
    public Task ReclaimSpaceAsync(bool full, CancellationToken cancellationToken = default) =>
        // Autovacuum makes deleted rows' space reusable on its own; only an explicit request vacuums now. VACUUM runs
        // outside a transaction (each statement here autocommits) and takes no lock that blocks reads or writes.
        !full ? Task.CompletedTask : RunAsync(0, static async (conn, _, _, ct) =>
        {
            var existing = new List<string>();
            var find = Sql.Command(conn, "SELECT t FROM unnest($1::text[]) AS t WHERE to_regclass(t) IS NOT NULL", Sql.Array(VacuumedTables, NpgsqlDbType.Text));
            await using (find.ConfigureAwait(false))
            {
                var r = await find.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    while (await r.ReadAsync(ct).ConfigureAwait(false))
                    {
                        existing.Add(r.GetString(0));
                    }
                }
            }
            foreach (var table in existing)
            {
                var cmd = Sql.Command(conn, $"VACUUM (ANALYZE) {table}");
                await using (cmd.ConfigureAwait(false))
                {
                    await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
            }
            return 0;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<long> DeleteLogsAsync(IReadOnlyList<string> runIds, CancellationToken cancellationToken = default) =>
        RunAsync(runIds.ToArray(), static async (conn, ids, _, ct) =>
        {
            var cmd = Sql.Command(conn, "DELETE FROM task_logs WHERE run_id = ANY($1)", Sql.Array(ids, NpgsqlDbType.Text));
            await using (cmd.ConfigureAwait(false))
            {
                return (long)await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }, cancellationToken);

    /// <inheritdoc />
    public Task<int> DeleteJobsAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken = default) =>
        RunAsync((cutoff, limit), static async (conn, s, _, ct) =>
        {
            var cmd = Sql.Command(conn, DeleteJobsSql, Sql.Time(s.cutoff), Sql.Int(s.limit));
            await using (cmd.ConfigureAwait(false))
            {
                return (int)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
            }
        }, cancellationToken);
}
