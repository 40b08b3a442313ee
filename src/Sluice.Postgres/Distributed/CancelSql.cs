namespace Sluice.Postgres.Distributed;

/// <summary>
/// Statements that cancel distributed runs. An item told to stop is a leased task item
/// whose <c>error</c> holds the cancel reason: it keeps its lease and the expiry index, and the re-queue of
/// expired leases passes over it.
/// </summary>
internal static class CancelSql
{
    public const string Stopping = """
        SELECT id, error FROM work_items
        WHERE id = ANY($2) AND lease_owner = $1 AND state = 'leased' AND kind = 'task' AND error IS NOT NULL
        """;

    // The run row is the lock every cancel of the run takes first; completions only take it when they end the run.
    public const string LockRun = """
        SELECT r.state FROM runs r JOIN run_progress p ON p.run_id = r.run_id WHERE r.run_id = $1 FOR UPDATE OF r
        """;

    public const string AlreadyStopping = """
        SELECT task_id, map_index, attempt FROM work_items WHERE run_id = $1 AND kind = 'task' AND state = 'leased' AND error IS NOT NULL
        """;

    public const string StopLeased = """
        UPDATE work_items SET error = $2 WHERE run_id = $1 AND kind = 'task' AND state = 'leased' AND error IS NULL RETURNING task_id, map_index, attempt
        """;

    public const string RemoveQueued = """
        DELETE FROM work_items WHERE run_id = $1 AND kind = 'task' AND state <> 'leased' RETURNING task_id, map_index, attempt
        """;

    public const string StopMap = """
        UPDATE task_progress SET items_failed = items_failed + items_left - $3, items_left = $3, next_item = item_count
        WHERE run_id = $1 AND task_id = $2
        """;

    // The attempt's start is its claim's, kept on the task instance (a running attempt has no row of its own).
    public const string TakeStranded = """
        WITH gone AS (
            DELETE FROM work_items WHERE id IN (
                SELECT id FROM work_items
                WHERE state = 'leased' AND lease_expires_at < $1 AND kind = 'task' AND error IS NOT NULL AND ($2::text IS NULL OR run_id = $2)
                ORDER BY id LIMIT 10000
                FOR UPDATE SKIP LOCKED)
            RETURNING id, queue, attempt, lost, run_id, task_id, map_index, error, lease_owner
        )
        SELECT g.id, g.queue, g.attempt, g.lost, g.run_id, g.task_id, g.map_index, g.error, g.lease_owner, t.started_at
        FROM gone g
        LEFT JOIN task_instances t ON t.run_id = g.run_id AND t.task_id = g.task_id AND t.map_index = g.map_index AND t.attempt = g.attempt
        ORDER BY g.id
        """;
}
