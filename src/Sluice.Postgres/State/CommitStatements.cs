namespace Sluice.Postgres.State;

/// <summary>
/// Set-based statements of <see cref="PostgresStateStore.CommitAsync(Sluice.State.StateBatch, CancellationToken)"/>: each takes whole columns as
/// arrays and unnests them, so a batch costs one statement per table whatever its size. Within a
/// batch the last snapshot of a key wins (<c>DISTINCT ON ... ORDER BY ord DESC</c>), as with SQLite.
/// </summary>
internal static class CommitStatements
{
    public const string MarkCommit = "INSERT INTO state_commits (commit_id) VALUES ($1) ON CONFLICT DO NOTHING";

    public const string PurgeMarkers = "DELETE FROM state_commits WHERE committed_at < now() - interval '1 hour'";

    public const string UpsertTasks = """
        INSERT INTO task_instances (run_id, task_id, map_index, state, attempt, map_count, started_at, ended_at, error, outputs, retry_base)
        SELECT DISTINCT ON (run_id, task_id, map_index) run_id, task_id, map_index, state, attempt, map_count, started_at, ended_at, error, outputs, retry_base
        FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::int[], $6::int[], $7::timestamptz[], $8::timestamptz[], $9::text[], $10::text[], $11::int[])
          WITH ORDINALITY AS u(run_id, task_id, map_index, state, attempt, map_count, started_at, ended_at, error, outputs, retry_base, ord)
        ORDER BY run_id, task_id, map_index, ord DESC
        ON CONFLICT (run_id, task_id, map_index) DO UPDATE SET state = excluded.state, attempt = excluded.attempt,
          map_count = excluded.map_count, started_at = excluded.started_at, ended_at = excluded.ended_at,
          error = excluded.error, outputs = excluded.outputs, retry_base = GREATEST(task_instances.retry_base, excluded.retry_base)
        """;

    public const string UpsertAttempts = """
        INSERT INTO task_attempts (run_id, task_id, map_index, attempt, state, started_at, ended_at, error, worker, cpu_us, peak_memory_bytes, bytes_read, bytes_written)
        SELECT DISTINCT ON (run_id, task_id, map_index, attempt) run_id, task_id, map_index, attempt, state, started_at, ended_at, error, worker,
          cpu_us, peak_memory_bytes, bytes_read, bytes_written
        FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::text[], $9::text[],
          $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[])
          WITH ORDINALITY AS u(run_id, task_id, map_index, attempt, state, started_at, ended_at, error, worker, cpu_us, peak_memory_bytes, bytes_read, bytes_written, ord)
        ORDER BY run_id, task_id, map_index, attempt, ord DESC
        ON CONFLICT (run_id, task_id, map_index, attempt) DO UPDATE SET state = excluded.state,
          ended_at = excluded.ended_at, error = excluded.error, cpu_us = coalesce(excluded.cpu_us, task_attempts.cpu_us),
          peak_memory_bytes = coalesce(excluded.peak_memory_bytes, task_attempts.peak_memory_bytes),
          bytes_read = coalesce(excluded.bytes_read, task_attempts.bytes_read),
          bytes_written = coalesce(excluded.bytes_written, task_attempts.bytes_written)
        """;

    // ORDER BY ord: identity values are drawn in this order, so sequences follow the batch's order.
    public const string InsertLogs = """
        INSERT INTO task_logs (run_id, task_id, map_index, attempt, at, stream, line)
        SELECT run_id, task_id, map_index, attempt, at, stream, line
        FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::timestamptz[], $6::text[], $7::text[])
          WITH ORDINALITY AS u(run_id, task_id, map_index, attempt, at, stream, line, ord)
        ORDER BY ord
        """;

    public const string UpsertLineage = """
        INSERT INTO task_lineage (run_id, task_id, map_index, attempt, direction, dataset, format, kind, schema_json, row_count, fingerprint, columns_json, recorded_at)
        SELECT DISTINCT ON (run_id, task_id, map_index, attempt, direction, dataset) run_id, task_id, map_index, attempt, direction, dataset, format, kind, schema_json, row_count, fingerprint, columns_json, recorded_at
        FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::text[], $12::text[], $13::timestamptz[])
          WITH ORDINALITY AS u(run_id, task_id, map_index, attempt, direction, dataset, format, kind, schema_json, row_count, fingerprint, columns_json, recorded_at, ord)
        ORDER BY run_id, task_id, map_index, attempt, direction, dataset, ord DESC
        ON CONFLICT (run_id, task_id, map_index, attempt, direction, dataset) DO UPDATE SET format = excluded.format, kind = excluded.kind,
          schema_json = excluded.schema_json, row_count = excluded.row_count, fingerprint = excluded.fingerprint, columns_json = excluded.columns_json,
          recorded_at = excluded.recorded_at
        """;

    public const string UpdateRuns = """
        UPDATE runs AS r SET state = u.state, started_at = u.started_at, ended_at = u.ended_at, error = u.error, result = u.result
        FROM (SELECT DISTINCT ON (run_id) run_id, state, started_at, ended_at, error, result
              FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::text[])
                WITH ORDINALITY AS x(run_id, state, started_at, ended_at, error, result, ord)
              ORDER BY run_id, ord DESC) AS u
        WHERE r.run_id = u.run_id
        """;

    public const string UpsertMarks = """
        INSERT INTO source_marks (pipeline_id, task_id, source_key, value, run_id, updated_at)
        SELECT DISTINCT ON (pipeline_id, task_id, source_key) pipeline_id, task_id, source_key, value, run_id, updated_at
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
          WITH ORDINALITY AS u(pipeline_id, task_id, source_key, value, run_id, updated_at, ord)
        ORDER BY pipeline_id, task_id, source_key, ord DESC
        ON CONFLICT (pipeline_id, task_id, source_key) DO UPDATE SET value = excluded.value, run_id = excluded.run_id,
          updated_at = excluded.updated_at
        """;
}
