namespace Sluice.Postgres.Distributed;

/// <summary>Statements of the PostgreSQL work queue. Arrays are unnested so a batch is one statement.</summary>
internal static class WorkSql
{
    public const string Channel = "sluice_work";

    public const string Notify = "SELECT pg_notify('" + Channel + "', '')";

    // sluice_pick_work locks the first ready items in queue order with SKIP LOCKED (concurrent claimers pass over each
    // other's rows instead of queueing behind them), reading the work_ready index in order whatever the statistics
    // say; handed over as an array, they are updated through the primary key (a join could hash the whole table). The
    // task instance is written in the same statement, so a claim is one round trip. The attempt's row is written once,
    // when its outcome is committed (or its lease is lost): a running attempt is the leased work item itself, which
    // readers of attempts report (PostgresStateStore.GetAttemptsAsync); a row written here as well and rewritten at
    // commit was a third of the rows a no-op task cost the server.
    public const string Claim = """
        WITH claimed AS (
            UPDATE work_items w SET state = 'leased', lease_owner = $5, lease_expires_at = $6, attempt = w.attempt + 1
            WHERE w.id = ANY(ARRAY(SELECT p FROM sluice_pick_work($1, $2, $3, $4, $7, $8, $9, $10) AS p))
            RETURNING w.id, w.kind, w.queue, w.attempt, w.lost, w.run_id, w.task_id, w.map_index, w.name, w.args, w.max_retries
        ), ti AS (
            INSERT INTO task_instances (run_id, task_id, map_index, state, attempt, started_at)
            SELECT run_id, task_id, map_index, 'running', attempt, $1 FROM claimed WHERE kind = 'task'
            ON CONFLICT (run_id, task_id, map_index) DO UPDATE SET state = 'running', attempt = excluded.attempt,
              started_at = excluded.started_at, ended_at = NULL, error = NULL, outputs = NULL
        )
        SELECT id, kind, queue, attempt, lost, run_id, task_id, map_index, name, args, max_retries FROM claimed ORDER BY id
        """;

    // One lock for every claim under pool limits (an arbitrary constant key): claims of limited queues are rare and short.
    public const string LockPools = "SELECT pg_advisory_xact_lock(7308461220595917157)";

    // A lease that expired belongs to a worker that is gone: its slot is free even before the item is re-queued.
    public const string LeasedInQueues = """
        SELECT queue, count(*)::int FROM work_items
        WHERE state = 'leased' AND lease_expires_at >= $1 AND queue = ANY($2)
        GROUP BY queue
        """;

    /// <summary>The payload of a notification that a run's items were told to stop.</summary>
    public const string CancelPayload = "cancel";

    public const string NotifyCancel = "SELECT pg_notify('" + Channel + "', '" + CancelPayload + "')";

    // Items told to stop (task items whose error holds the cancel reason) are renewed too; the flag tells them apart.
    public const string Renew = """
        UPDATE work_items SET lease_expires_at = $3
        WHERE id = ANY($2) AND lease_owner = $1 AND state = 'leased'
        RETURNING id, kind = 'task' AND error IS NOT NULL
        """;

    // The dead worker's attempt is recorded as lost (up_for_retry) and counted; the next claim starts a new one.
    public const string Requeue = """
        WITH expired AS (
            SELECT id, lease_owner FROM work_items WHERE state = 'leased' AND lease_expires_at < $1 AND (kind <> 'task' OR error IS NULL)
            ORDER BY id LIMIT 10000
            FOR UPDATE SKIP LOCKED
        ), requeued AS (
            UPDATE work_items w SET state = 'ready', lease_owner = NULL, lease_expires_at = NULL, lost = w.lost + 1, available_at = $1
            FROM expired e WHERE w.id = e.id
            RETURNING w.kind, w.run_id, w.task_id, w.map_index, w.attempt, e.lease_owner AS owner
        ), att AS (
            -- The lost attempt's row is written here (a claim writes none); its start is the one its claim gave the task instance.
            INSERT INTO task_attempts (run_id, task_id, map_index, attempt, state, started_at, ended_at, error, worker)
            SELECT r.run_id, r.task_id, r.map_index, r.attempt, 'up_for_retry', coalesce(t.started_at, $1), $1,
              'lease lost: worker ' || r.owner || ' stopped renewing it (crashed, stopped or cut off); retried on another worker', r.owner
            FROM requeued r
            LEFT JOIN task_instances t ON t.run_id = r.run_id AND t.task_id = r.task_id AND t.map_index = r.map_index AND t.attempt = r.attempt
            WHERE r.kind = 'task'
            ON CONFLICT (run_id, task_id, map_index, attempt) DO UPDATE SET state = 'up_for_retry', ended_at = excluded.ended_at, error = excluded.error
        ), ti AS (
            UPDATE task_instances t SET state = 'up_for_retry', error = 'lease lost: worker ' || r.owner || ' stopped renewing it'
            FROM requeued r
            WHERE r.kind = 'task' AND t.run_id = r.run_id AND t.task_id = r.task_id AND t.map_index = r.map_index AND t.attempt = r.attempt
        )
        SELECT count(*)::int FROM requeued
        """;

    public const string Abandon = "UPDATE work_items SET lease_expires_at = $2 WHERE lease_owner = $1 AND state = 'leased'";

    public const string Release = """
        DELETE FROM work_items WHERE id = ANY($1) AND lease_owner = $2 AND state = 'leased' AND kind = 'task' RETURNING id, error
        """;

    public const string InsertWork = """
        INSERT INTO work_items (kind, queue, priority, state, available_at, attempt, lost, run_id, task_id, map_index, created_at)
        SELECT 'task', queue, priority, 'ready', available_at, attempt, lost, run_id, task_id, map_index, now()
        FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::int[], $6::timestamptz[], $7::int[], $8::int[])
          AS u(run_id, task_id, map_index, queue, priority, available_at, attempt, lost)
        """;

    public const string InsertRunProgress = "INSERT INTO run_progress (run_id, remaining, failed) VALUES ($1, $2, 0)";

    public const string InsertTaskProgress = """
        INSERT INTO task_progress (run_id, task_id, remaining_deps)
        SELECT $1, task_id, deps FROM unnest($2::text[], $3::int[]) AS u(task_id, deps)
        """;

    public const string DecrementDependencies = """
        UPDATE task_progress p SET remaining_deps = p.remaining_deps - u.n
        FROM unnest($2::text[], $3::int[]) AS u(task_id, n)
        WHERE p.run_id = $1 AND p.task_id = u.task_id
        RETURNING p.task_id, p.remaining_deps
        """;

    public const string StartMap = """
        UPDATE task_progress SET item_count = $3, next_item = $4, items_left = $3, items_failed = 0, items = $5
        WHERE run_id = $1 AND task_id = $2
        """;

    // The shard rows are made with the fan-out, so a count at commit only updates (a concurrent fold waits for it).
    public const string StartMapShards = """
        INSERT INTO task_progress_shards (run_id, task_id, shard) SELECT $1, $2, g FROM generate_series(0, 15) AS g
        ON CONFLICT (run_id, task_id, shard) DO UPDATE SET finished = 0, failed = 0
        """;

    // Folds the counts made at commit (CountItems) into task_progress; every statement that reads or resets the item
    // counters runs it first, in the same transaction.
    public const string FoldItems = "SELECT sluice_fold_items($1, $2)";

    public const string AdvanceMap = """
        WITH old AS (SELECT next_item FROM task_progress WHERE run_id = $1 AND task_id = $2 FOR UPDATE)
        UPDATE task_progress p SET items_left = p.items_left - $3, items_failed = p.items_failed + $4,
          next_item = LEAST(p.item_count, p.next_item + $3)
        FROM old WHERE p.run_id = $1 AND p.task_id = $2
        RETURNING p.items_left, p.items_failed, old.next_item, p.next_item, p.item_count
        """;

    // sluice_count_items raises SQLSTATE SL001 instead of counting items that may end their task (no item of it is
    // waiting to be claimed) or while items are still to be released: the transaction then runs again and counts with
    // AdvanceMap, which ends the task.
    public const string CountItems = "SELECT sluice_count_items($1, $2, $3, $4)";

    public const string AdvanceRun = """
        UPDATE run_progress SET remaining = remaining - $2, failed = failed + $3 WHERE run_id = $1 RETURNING remaining, failed
        """;

    public const string TaskRows = """
        SELECT task_id, map_index, state, attempt, map_count, started_at, ended_at, error, outputs, retry_base
        FROM task_instances WHERE run_id = $1 AND map_index = -1 AND task_id = ANY($2)
        """;

    public const string ItemRows = """
        SELECT task_id, map_index, state, attempt, map_count, started_at, ended_at, error, outputs, retry_base
        FROM task_instances WHERE run_id = $1 AND task_id = $2 AND map_index >= 0 ORDER BY map_index
        """;

    public const string MapItems = "SELECT items FROM task_progress WHERE run_id = $1 AND task_id = $2";

    public const string GetJob = """
        SELECT id, name, state, attempt, result, error, created_at, ended_at FROM work_items WHERE id = $1 AND kind = 'job'
        """;
}
