using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Sluice.Quality;

/// <summary>
/// Quality results per run, stored in a SQLite file (by default the state database, <c>.sluice/sluice.db</c>) and keyed by
/// pipeline, task, run and metric, so trends are queryable: latest value, change against the previous run, average over
/// the last N runs. Recording the same run again (a retry) replaces its values and keeps its place in the order.
/// Thread-safe: each call opens a pooled connection; SQLite's WAL lets it share the file with the state store.
/// </summary>
public sealed class QualityHistory
{
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private int _initialized;

    /// <summary>Creates a history on the SQLite file <paramref name="path"/> (created with its folder if missing).</summary>
    /// <param name="path">The database file.</param>
    /// <param name="time">The clock for <c>recorded_at</c>; the default is the system clock.</param>
    public QualityHistory(string path, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        Path = System.IO.Path.GetFullPath(path);
        _time = time ?? TimeProvider.System;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Stores the metrics of one run of a task, replacing any values stored for that run before.</summary>
    /// <exception cref="ArgumentException">A value is NaN or infinite.</exception>
    public async Task RecordAsync(string pipelineId, string taskId, string runId, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipelineId);
        ArgumentNullException.ThrowIfNull(taskId);
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(metrics);
        foreach (var (metric, value) in metrics)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"The metric '{metric}' is {value.ToString(CultureInfo.InvariantCulture)}; only finite values are stored.", nameof(metrics));
            }
        }

        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        long seq;
        await using (var cmd = conn.CreateCommand())
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
            cmd.Parameters.AddWithValue("$at", (_time.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);
            seq = (long)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        await using (var delete = conn.CreateCommand())
        {
            delete.Transaction = tx;
            delete.CommandText = "DELETE FROM quality_results WHERE seq = $s";
            delete.Parameters.AddWithValue("$s", seq);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var insert = conn.CreateCommand())
        {
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO quality_results (seq, metric, value) VALUES ($s, $m, $v)";
            var s = insert.Parameters.Add("$s", SqliteType.Integer);
            var m = insert.Parameters.Add("$m", SqliteType.Text);
            var v = insert.Parameters.Add("$v", SqliteType.Real);
            s.Value = seq;
            foreach (var (metric, value) in metrics)
            {
                m.Value = metric;
                v.Value = value;
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One trend per metric of (<paramref name="pipelineId"/>, <paramref name="taskId"/>), ordered by metric name: the latest
    /// value, the previous run's value and the average over the last <paramref name="window"/> runs that measured it.
    /// </summary>
    /// <param name="pipelineId">The pipeline.</param>
    /// <param name="taskId">The task.</param>
    /// <param name="window">How many recent runs the average covers. The default is 10.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<IReadOnlyList<QualityTrend>> GetTrendsAsync(string pipelineId, string taskId, int window = 10, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            SELECT metric, run_id, value, rn FROM (
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
        var trends = new List<QualityTrend>();
        var values = new List<double>();
        string? metric = null, latestRun = null;
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var m = reader.GetString(0);
                if (m != metric)
                {
                    Flush();
                    (metric, latestRun) = (m, reader.GetString(1));
                }

                values.Add(reader.GetDouble(2));
            }
        }

        Flush();
        return trends;

        void Flush()
        {
            if (metric is not null && values.Count > 0)
            {
                trends.Add(new QualityTrend(metric, latestRun!, values[0], values.Count > 1 ? values[1] : null, values.Average(), values.Count));
            }

            values.Clear();
        }
    }

    /// <summary>The last <paramref name="limit"/> values of one metric, oldest first (for charts).</summary>
    public async Task<IReadOnlyList<QualityPoint>> GetSeriesAsync(string pipelineId, string taskId, string metric, int limit = 100, CancellationToken cancellationToken = default)
    {
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
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
            var at = new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + (reader.GetInt64(1) * 10), TimeSpan.Zero);
            points.Add(new QualityPoint(reader.GetString(0), at, reader.GetDouble(2)));
        }

        return points;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var dir = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        var conn = new SqliteConnection(_connectionString);
        try
        {
            await conn.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (var pragma = conn.CreateCommand())
            {
                pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";
                await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (Volatile.Read(ref _initialized) == 0)
            {
                await State.Sqlite.SqliteMigrations.ApplyAsync(conn, "quality_schema_migrations", QualityHistorySchema.Migrations, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _initialized, 1);
            }

            return conn;
        }
        catch
        {
            await conn.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task ExecAsync(SqliteConnection conn, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
