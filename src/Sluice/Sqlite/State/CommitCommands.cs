using Microsoft.Data.Sqlite;

namespace Sluice.Sqlite.State;

/// <summary>Prepared statements for <see cref="SqliteStateStore.CommitAsync"/>, reused across batches.</summary>
internal sealed class CommitCommands : IDisposable
{
    public CommitCommands(SqliteConnection conn)
    {
        UpsertTask = Prepare(conn, """
            INSERT INTO task_instances (run_id, task_id, map_index, state, attempt, map_count, started_at, ended_at, error, outputs, retry_base)
            VALUES ($run, $task, $map, $state, $attempt, $map_count, $started, $ended, $error, $outputs, $retry_base)
            ON CONFLICT (run_id, task_id, map_index) DO UPDATE SET state = excluded.state, attempt = excluded.attempt,
              map_count = excluded.map_count, started_at = excluded.started_at, ended_at = excluded.ended_at,
              error = excluded.error, outputs = excluded.outputs, retry_base = max(task_instances.retry_base, excluded.retry_base)
            """, "$run", "$task", "$map", "$state", "$attempt", "$map_count", "$started", "$ended", "$error", "$outputs", "$retry_base");
        UpsertAttempt = Prepare(conn, """
            INSERT INTO task_attempts (run_id, task_id, map_index, attempt, state, started_at, ended_at, error, worker, cpu_us, peak_memory_bytes, bytes_read, bytes_written)
            VALUES ($run, $task, $map, $attempt, $state, $started, $ended, $error, $worker, $cpu, $peak, $read, $written)
            ON CONFLICT (run_id, task_id, map_index, attempt) DO UPDATE SET state = excluded.state,
              ended_at = excluded.ended_at, error = excluded.error, cpu_us = coalesce(excluded.cpu_us, cpu_us),
              peak_memory_bytes = coalesce(excluded.peak_memory_bytes, peak_memory_bytes),
              bytes_read = coalesce(excluded.bytes_read, bytes_read), bytes_written = coalesce(excluded.bytes_written, bytes_written)
            """, "$run", "$task", "$map", "$attempt", "$state", "$started", "$ended", "$error", "$worker", "$cpu", "$peak", "$read", "$written");
        InsertLog = Prepare(conn, """
            INSERT INTO task_logs (run_id, task_id, map_index, attempt, at, stream, line)
            VALUES ($run, $task, $map, $attempt, $at, $stream, $line)
            """, "$run", "$task", "$map", "$attempt", "$at", "$stream", "$line");
        UpdateRun = Prepare(conn, """
            UPDATE runs SET state = $state, started_at = $started, ended_at = $ended, error = $error, result = $result WHERE run_id = $run
            """, "$run", "$state", "$started", "$ended", "$error", "$result");
        UpsertMark = Prepare(conn, """
            INSERT INTO source_marks (pipeline_id, task_id, source_key, value, run_id, updated_at)
            VALUES ($pipeline, $task, $key, $value, $run, $at)
            ON CONFLICT (pipeline_id, task_id, source_key) DO UPDATE SET value = excluded.value, run_id = excluded.run_id,
              updated_at = excluded.updated_at
            """, "$pipeline", "$task", "$key", "$value", "$run", "$at");
    }

    public SqliteCommand UpsertTask { get; }
    public SqliteCommand UpsertMark { get; }
    public SqliteCommand UpsertAttempt { get; }
    public SqliteCommand InsertLog { get; }
    public SqliteCommand UpdateRun { get; }

    /// <summary>Enlists every statement in <paramref name="tx"/>.</summary>
    public void Bind(SqliteTransaction tx)
    {
        UpsertTask.Transaction = tx;
        UpsertAttempt.Transaction = tx;
        InsertLog.Transaction = tx;
        UpdateRun.Transaction = tx;
        UpsertMark.Transaction = tx;
    }

    private static SqliteCommand Prepare(SqliteConnection conn, string sql, params string[] names)
    {
        var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        foreach (var n in names)
        {
            cmd.Parameters.Add(new SqliteParameter { ParameterName = n });
        }
        return cmd;
    }

    public void Dispose()
    {
        UpsertTask.Dispose();
        UpsertAttempt.Dispose();
        InsertLog.Dispose();
        UpdateRun.Dispose();
        UpsertMark.Dispose();
    }
}
