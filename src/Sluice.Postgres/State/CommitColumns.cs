using Npgsql;
using NpgsqlTypes;
using Sluice.State;

namespace Sluice.Postgres.State;

/// <summary>
/// A <see cref="StateBatch"/> turned into column arrays once, then bound to an <see cref="NpgsqlBatch"/>
/// on every attempt (a retry after a reconnect reuses the arrays).
/// </summary>
internal sealed class CommitColumns
{
    private readonly List<NpgsqlParameter[]> _statements = [];
    private readonly List<string> _sql = [];

    public CommitColumns(StateBatch batch)
    {
        if (batch.Tasks.Count > 0)
        {
            Add(CommitStatements.UpsertTasks, Tasks(batch.Tasks));
        }
        if (batch.Attempts.Count > 0)
        {
            Add(CommitStatements.UpsertAttempts, Attempts(batch.Attempts));
        }
        if (batch.Logs.Count > 0)
        {
            Add(CommitStatements.InsertLogs, Logs(batch.Logs));
        }
        if (batch.Runs.Count > 0)
        {
            Add(CommitStatements.UpdateRuns, Runs(batch.Runs));
        }
        if (batch.Lineage.Count > 0)
        {
            Add(CommitStatements.UpsertLineage, Lineage(batch.Lineage));
        }
        if (batch.Marks.Count > 0)
        {
            Add(CommitStatements.UpsertMarks, Marks(batch.Marks));
        }
    }

    /// <summary>Creates the batch of statements for one attempt, optionally with the marker purge.</summary>
    public NpgsqlBatch CreateBatch(NpgsqlConnection conn, NpgsqlTransaction tx, bool purgeMarkers)
    {
        var batch = new NpgsqlBatch(conn, tx);
        foreach (var cmd in Commands())
        {
            batch.BatchCommands.Add(cmd);
        }
        if (purgeMarkers)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(CommitStatements.PurgeMarkers));
        }
        return batch;
    }

    /// <summary>The statements, bound for one attempt (to run in a batch of the caller's).</summary>
    public IEnumerable<NpgsqlBatchCommand> Commands()
    {
        for (var i = 0; i < _sql.Count; i++)
        {
            var cmd = new NpgsqlBatchCommand(_sql[i]);
            foreach (var p in _statements[i])
            {
                // A parameter belongs to one collection at a time: bind a copy per attempt.
                cmd.Parameters.Add(p.Clone());
            }
            yield return cmd;
        }
    }

    private void Add(string sql, NpgsqlParameter[] parameters)
    {
        _sql.Add(sql);
        _statements.Add(parameters);
    }

    private static NpgsqlParameter[] Tasks(List<TaskInstanceRecord> rows)
    {
        var n = rows.Count;
        var (run, task, map, state, attempt, mapCount) = (new string[n], new string[n], new int[n], new string[n], new int[n], new int?[n]);
        var (started, ended, error, outputs, retryBase) = (new DateTime?[n], new DateTime?[n], new string?[n], new string?[n], new int[n]);
        for (var i = 0; i < n; i++)
        {
            var t = rows[i];
            (run[i], task[i], map[i], state[i], attempt[i], mapCount[i]) = (t.RunId, t.TaskId, t.MapIndex, t.State.ToName(), t.Attempt, t.MapCount);
            (started[i], ended[i], error[i], outputs[i], retryBase[i]) = (t.StartedAt?.UtcDateTime, t.EndedAt?.UtcDateTime, t.Error, t.OutputsJson, t.RetryBase);
        }
        return [Text(run), Text(task), Ints(map), Text(state), Ints(attempt), Ints(mapCount), Times(started), Times(ended), Text(error), Text(outputs), Ints(retryBase)];
    }

    private static NpgsqlParameter[] Attempts(List<AttemptRecord> rows)
    {
        var n = rows.Count;
        var (run, task, map, attempt, state) = (new string[n], new string[n], new int[n], new int[n], new string[n]);
        var (started, ended, error, worker) = (new DateTime?[n], new DateTime?[n], new string?[n], new string?[n]);
        var (cpu, peak, read, written) = (new long?[n], new long?[n], new long?[n], new long?[n]);
        for (var i = 0; i < n; i++)
        {
            var a = rows[i];
            (run[i], task[i], map[i], attempt[i], state[i]) = (a.RunId, a.TaskId, a.MapIndex, a.Attempt, a.State.ToName());
            (started[i], ended[i], error[i], worker[i]) = (a.StartedAt.UtcDateTime, a.EndedAt?.UtcDateTime, a.Error, a.Worker);
            if (a.Usage is { } u)
            {
                (cpu[i], peak[i], read[i], written[i]) = (u.CpuTime.Ticks / TimeSpan.TicksPerMicrosecond, u.PeakMemoryBytes, u.BytesRead, u.BytesWritten);
            }
        }
        return [Text(run), Text(task), Ints(map), Ints(attempt), Text(state), Times(started), Times(ended), Text(error), Text(worker),
            Sql.Array(cpu, NpgsqlDbType.Bigint), Sql.Array(peak, NpgsqlDbType.Bigint), Sql.Array(read, NpgsqlDbType.Bigint), Sql.Array(written, NpgsqlDbType.Bigint)];
    }

    private static NpgsqlParameter[] Logs(List<LogRecord> rows)
    {
        var n = rows.Count;
        var (run, task, map, attempt) = (new string[n], new string[n], new int[n], new int[n]);
        var (at, stream, line) = (new DateTime?[n], new string[n], new string[n]);
        for (var i = 0; i < n; i++)
        {
            var l = rows[i];
            (run[i], task[i], map[i], attempt[i], at[i], stream[i], line[i]) = (l.RunId, l.TaskId, l.MapIndex, l.Attempt, l.At.UtcDateTime, l.Stream, l.Text);
        }
        return [Text(run), Text(task), Ints(map), Ints(attempt), Times(at), Text(stream), Text(line)];
    }

    private static NpgsqlParameter[] Runs(List<RunRecord> rows)
    {
        var n = rows.Count;
        var (run, state, started, ended, error, result) = (new string[n], new string[n], new DateTime?[n], new DateTime?[n], new string?[n], new string?[n]);
        for (var i = 0; i < n; i++)
        {
            var r = rows[i];
            (run[i], state[i], started[i], ended[i], error[i], result[i]) = (r.RunId, r.State.ToName(), r.StartedAt?.UtcDateTime, r.EndedAt?.UtcDateTime, r.Error, r.ResultJson);
        }
        return [Text(run), Text(state), Times(started), Times(ended), Text(error), Text(result)];
    }

    private static NpgsqlParameter[] Lineage(List<Sluice.Lineage.LineageRecord> rows)
    {
        var n = rows.Count;
        var (run, task, map, attempt, direction, dataset, format) = (new string[n], new string[n], new int[n], new int[n], new string[n], new string[n], new string[n]);
        var (kind, schema, count, fingerprint, columns, at) = (new string[n], new string[n], new long?[n], new string?[n], new string[n], new DateTime?[n]);
        for (var i = 0; i < n; i++)
        {
            var l = rows[i];
            (run[i], task[i], map[i], attempt[i], direction[i], dataset[i], format[i]) =
                (l.RunId, l.TaskId, l.MapIndex, l.Attempt, Sluice.Lineage.LineageRows.Name(l.Direction), l.Dataset, l.Format);
            (kind[i], schema[i], count[i], fingerprint[i], columns[i], at[i]) =
                (l.Kind, Sluice.Lineage.LineageJson.Schema(l.Schema), l.Rows, l.Fingerprint, Sluice.Lineage.LineageJson.Columns(l.Columns), l.RecordedAt.UtcDateTime);
        }
        return [Text(run), Text(task), Ints(map), Ints(attempt), Text(direction), Text(dataset), Text(format), Text(kind), Text(schema), Sql.Array(count, NpgsqlDbType.Bigint), Text(fingerprint), Text(columns), Times(at)];
    }

    private static NpgsqlParameter[] Marks(List<SourceMarkRecord> rows)
    {
        var n = rows.Count;
        var (pipeline, task, key, value, run, at) = (new string[n], new string[n], new string[n], new string[n], new string[n], new DateTime?[n]);
        for (var i = 0; i < n; i++)
        {
            var m = rows[i];
            (pipeline[i], task[i], key[i], value[i], run[i], at[i]) = (m.PipelineId, m.TaskId, m.SourceKey, m.Value, m.RunId, m.UpdatedAt.UtcDateTime);
        }
        return [Text(pipeline), Text(task), Text(key), Text(value), Text(run), Times(at)];
    }

    private static NpgsqlParameter Text(string?[] values) => Sql.Array(values, NpgsqlDbType.Text);

    private static NpgsqlParameter Ints(int[] values) => Sql.Array(values, NpgsqlDbType.Integer);

    private static NpgsqlParameter Ints(int?[] values) => Sql.Array(values, NpgsqlDbType.Integer);

    private static NpgsqlParameter Times(DateTime?[] values) => Sql.Array(values, NpgsqlDbType.TimestampTz);
}
