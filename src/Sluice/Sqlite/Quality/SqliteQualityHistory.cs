using Microsoft.Data.Sqlite;
using Sluice.Quality;
using Sluice.Sqlite.Connection;

namespace Sluice.Sqlite.Quality;

/// <summary>
/// The quality history in a SQLite file, normally the state database (<c>.sluice/sluice.db</c>): tables
/// <c>quality_runs</c> and <c>quality_results</c>, versioned in their own <c>quality_schema_migrations</c> table.
/// The tables are created on first use; WAL lets the history share the file with the state store.
/// </summary>
public sealed class SqliteQualityHistory : QualityHistory
{
    private readonly SqliteDatabase _db;
    private readonly TimeProvider _time;

    /// <summary>Creates a history on the SQLite file <paramref name="path"/> (created with its folder if missing).</summary>
    /// <param name="path">The database file.</param>
    /// <param name="time">The clock for <c>recorded_at</c>; the default is the system clock.</param>
    public SqliteQualityHistory(string path, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        _db = new SqliteDatabase(path, "quality_schema_migrations", SqliteQualityHistorySchema.Migrations, tuning: " PRAGMA foreign_keys=ON;");
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The database file.</summary>
    public string Path => _db.Path;

    /// <inheritdoc />
    protected override async Task RecordCoreAsync(string pipelineId, string taskId, string runId, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken)
    {
        await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        var recordedAt = SqliteTime.ToStored(_time.GetUtcNow());
        await _db.WriteTransactionAsync((conn, tx) =>
        {
            long seq;
            using (var cmd = conn.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = """
                    INSERT INTO quality_runs (pipeline_id, task_id, run_id, recorded_at) VALUES ($p, $t, $r, $at)
                    ON CONFLICT (pipeline_id, task_id, run_id) DO UPDATE SET recorded_at = excluded.recorded_at
                    RETURNING seq
                    """;
                cmd.Parameters.AddWithValue("$p", pipelineId);
                cmd.Parameters.AddWithValue("$t", taskId);
                cmd.Parameters.AddWithValue("$r", runId);
                cmd.Parameters.AddWithValue("$at", recordedAt);
                seq = (long)cmd.ExecuteScalar()!;
            }
            using (var delete = conn.CreateCommand())
            {
                delete.Transaction = tx;
                delete.CommandText = "DELETE FROM quality_results WHERE seq = $s";
                delete.Parameters.AddWithValue("$s", seq);
                delete.ExecuteNonQuery();
            }
            using var insert = conn.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO quality_results (seq, metric, value) VALUES ($s, $m, $v)";
            insert.Parameters.Add("$s", SqliteType.Integer).Value = seq;
            var m = insert.Parameters.Add("$m", SqliteType.Text);
            var v = insert.Parameters.Add("$v", SqliteType.Real);
            foreach (var (metric, value) in metrics)
            {
                m.Value = metric;
                v.Value = value;
                insert.ExecuteNonQuery();
            }
            return seq;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task<long> DeleteOlderThanCoreAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await _db.WriteTransactionAsync((conn, tx) =>
        {
            using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            // quality_results go with their run row (ON DELETE CASCADE, foreign keys are on for this connection).
            cmd.CommandText = "DELETE FROM quality_runs WHERE seq IN (SELECT seq FROM quality_runs WHERE recorded_at < $cutoff ORDER BY seq LIMIT $limit)";
            cmd.Parameters.AddWithValue("$cutoff", SqliteTime.ToStored(cutoff));
            cmd.Parameters.AddWithValue("$limit", limit);
            return (long)cmd.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<(string Metric, string RunId, double Value)>> ReadRecentAsync(string pipelineId, string taskId, int window, CancellationToken cancellationToken)
    {
        await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var conn = await _db.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            SELECT metric, run_id, value FROM (
                SELECT res.metric, q.run_id, res.value,
                       ROW_NUMBER() OVER (PARTITION BY res.metric ORDER BY q.seq DESC) AS rn
                FROM quality_runs q JOIN quality_results res ON res.seq = q.seq
                WHERE q.pipeline_id = $p AND q.task_id = $t)
            WHERE rn <= $n
            ORDER BY metric, rn
            """;
        cmd.Parameters.AddWithValue("$p", pipelineId);
        cmd.Parameters.AddWithValue("$t", taskId);
        cmd.Parameters.AddWithValue("$n", window);
        var rows = new List<(string, string, double)>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetDouble(2)));
        }
        return rows;
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<QualityPoint>> ReadSeriesAsync(string pipelineId, string taskId, string metric, int limit, CancellationToken cancellationToken)
    {
        await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var conn = await _db.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            SELECT run_id, recorded_at, value FROM (
                SELECT q.run_id, q.recorded_at, res.value, q.seq
                FROM quality_runs q JOIN quality_results res ON res.seq = q.seq
                WHERE q.pipeline_id = $p AND q.task_id = $t AND res.metric = $m
                ORDER BY q.seq DESC LIMIT $n)
            ORDER BY seq
            """;
        cmd.Parameters.AddWithValue("$p", pipelineId);
        cmd.Parameters.AddWithValue("$t", taskId);
        cmd.Parameters.AddWithValue("$m", metric);
        cmd.Parameters.AddWithValue("$n", limit);
        var points = new List<QualityPoint>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            points.Add(new QualityPoint(reader.GetString(0), SqliteTime.FromStored(reader.GetInt64(1)), reader.GetDouble(2)));
        }
        return points;
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await _db.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
