using Npgsql;
using NpgsqlTypes;
using Sluice.Postgres.Connection;
using Sluice.Postgres.State;
using Sluice.Quality;

namespace Sluice.Postgres.Quality;

/// <summary>
/// The quality history in the shared PostgreSQL database (tables <c>quality_runs</c> and <c>quality_results</c>, created
/// on first use), so trends are the same whichever server or worker ran the quality check. Every call is one
/// transaction that reconnects and repeats after a dropped connection; recording is an upsert, safe to repeat.
/// </summary>
internal sealed class PostgresQualityHistory(PostgresDatabase database, TimeProvider time) : QualityHistory
{
    private volatile bool _migrated;

    protected override Task RecordCoreAsync(string pipelineId, string taskId, string runId, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken)
    {
        var names = metrics.Keys.ToArray();
        var values = names.Select(n => metrics[n]).ToArray();
        return RunAsync((pipelineId, taskId, runId, names, values, at: time.GetUtcNow()), static async (conn, s, _, ct) =>
        {
            var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using (tx.ConfigureAwait(false))
            {
                var cmd = Sql.Command(conn, """
                    WITH q AS (
                        INSERT INTO quality_runs (pipeline_id, task_id, run_id, recorded_at) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (pipeline_id, task_id, run_id) DO UPDATE SET recorded_at = excluded.recorded_at
                        RETURNING seq),
                    gone AS (DELETE FROM quality_results WHERE seq = (SELECT seq FROM q))
                    SELECT seq FROM q
                    """, Sql.Text(s.pipelineId), Sql.Text(s.taskId), Sql.Text(s.runId), Sql.Time(s.at));
                long seq;
                await using (cmd.ConfigureAwait(false))
                {
                    seq = (long)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
                }
                // A separate statement: rows a CTE deletes are still visible to the same statement's insert.
                var insert = Sql.Command(conn, "INSERT INTO quality_results (seq, metric, value) SELECT $1, m, v FROM unnest($2::text[], $3::float8[]) AS t(m, v)",
                    Sql.Long(seq), Sql.Array(s.names, NpgsqlDbType.Text), Sql.Array(s.values, NpgsqlDbType.Double));
                await using (insert.ConfigureAwait(false))
                {
                    await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
                await tx.CommitAsync(ct).ConfigureAwait(false);
                return seq;
            }
        }, cancellationToken);
    }

    protected override Task<IReadOnlyList<(string Metric, string RunId, double Value)>> ReadRecentAsync(string pipelineId, string taskId, int window, CancellationToken cancellationToken) =>
        RunAsync((pipelineId, taskId, window), static async (conn, s, _, ct) =>
        {
            var cmd = Sql.Command(conn, """
                SELECT metric, run_id, value FROM (
                    SELECT res.metric, q.run_id, res.value,
                           ROW_NUMBER() OVER (PARTITION BY res.metric ORDER BY q.seq DESC) AS rn
                    FROM quality_runs q JOIN quality_results res ON res.seq = q.seq
                    WHERE q.pipeline_id = $1 AND q.task_id = $2) AS recent
                WHERE rn <= $3
                ORDER BY metric, rn
                """, Sql.Text(s.pipelineId), Sql.Text(s.taskId), Sql.Int(s.window));
            await using (cmd.ConfigureAwait(false))
            {
                var rows = new List<(string, string, double)>();
                var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    while (await r.ReadAsync(ct).ConfigureAwait(false))
                    {
                        rows.Add((r.GetString(0), r.GetString(1), r.GetDouble(2)));
                    }
                }
                return (IReadOnlyList<(string Metric, string RunId, double Value)>)rows;
            }
        }, cancellationToken);

    protected override Task<IReadOnlyList<QualityPoint>> ReadSeriesAsync(string pipelineId, string taskId, string metric, int limit, CancellationToken cancellationToken) =>
        RunAsync((pipelineId, taskId, metric, limit), static async (conn, s, _, ct) =>
        {
            var cmd = Sql.Command(conn, """
                SELECT run_id, recorded_at, value FROM (
                    SELECT q.run_id, q.recorded_at, res.value, q.seq
                    FROM quality_runs q JOIN quality_results res ON res.seq = q.seq
                    WHERE q.pipeline_id = $1 AND q.task_id = $2 AND res.metric = $3
                    ORDER BY q.seq DESC LIMIT $4) AS recent
                ORDER BY seq
                """, Sql.Text(s.pipelineId), Sql.Text(s.taskId), Sql.Text(s.metric), Sql.Int(s.limit));
            await using (cmd.ConfigureAwait(false))
            {
                var points = new List<QualityPoint>();
                var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    while (await r.ReadAsync(ct).ConfigureAwait(false))
                    {
                        points.Add(new QualityPoint(r.GetString(0), Sql.TimeAt(r, 1), r.GetDouble(2)));
                    }
                }
                return (IReadOnlyList<QualityPoint>)points;
            }
        }, cancellationToken);

    protected override Task<long> DeleteOlderThanCoreAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken) =>
        RunAsync((cutoff, limit), static async (conn, s, _, ct) =>
        {
            // quality_results go with their run row (ON DELETE CASCADE).
            var cmd = Sql.Command(conn, "DELETE FROM quality_runs WHERE seq IN (SELECT seq FROM quality_runs WHERE recorded_at < $1 ORDER BY seq LIMIT $2)",
                Sql.Time(s.cutoff), Sql.Int(s.limit));
            await using (cmd.ConfigureAwait(false))
            {
                return (long)await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }, cancellationToken);

    /// <summary>Runs <paramref name="work"/> on a pooled connection after creating the tables once per process.</summary>
    private Task<TResult> RunAsync<TState, TResult>(TState state, Func<NpgsqlConnection, TState, int, CancellationToken, Task<TResult>> work, CancellationToken cancellationToken)
    {
        database.EnsureInitialized();
        return database.Policy.ExecuteAsync((history: this, state, work), static async (conn, s, attempt, ct) =>
        {
            if (!s.history._migrated)
            {
                await PostgresMigrator.MigrateAsync(conn, "quality_schema_migrations", PostgresQualityHistorySchema.Migrations, ct).ConfigureAwait(false);
                s.history._migrated = true;
            }
            return await s.work(conn, s.state, attempt, ct).ConfigureAwait(false);
        }, cancellationToken);
    }
}
