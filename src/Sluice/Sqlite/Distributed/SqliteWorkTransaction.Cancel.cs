using Microsoft.Data.Sqlite;
using Sluice.Distributed;
using Sluice.Sqlite.Connection;
using Sluice.State;
using static Sluice.Sqlite.Distributed.SqliteWorkQueue;

namespace Sluice.Sqlite.Distributed;

/// <summary>
/// Cancelling runs. An item told to stop is a leased task item whose <c>error</c>
/// holds the cancel reason: it keeps its lease (renewals and the expiry index work as before), and the re-queue
/// of expired leases passes over it.
/// </summary>
internal sealed partial class SqliteWorkTransaction
{
    public Task<RunState?> LockRunAsync(string runId, CancellationToken cancellationToken)
    {
        // BEGIN IMMEDIATE already holds SQLite's only write lock: reading is enough.
        using var cmd = Command(conn, tx, "SELECT r.state FROM runs r JOIN run_progress p ON p.run_id = r.run_id WHERE r.run_id = $run");
        Set(cmd, ("$run", runId));
        return Task.FromResult(cmd.ExecuteScalar() is string state ? StateNames.ParseRun(state) : (RunState?)null);
    }

    public Task<RunWorkStop> StopRunWorkAsync(string runId, string reason, CancellationToken cancellationToken)
    {
        using (var stopping = Command(conn, tx, "SELECT task_id, map_index, attempt FROM work_items WHERE run_id = $run AND kind = 'task' AND state = 'leased' AND error IS NOT NULL"))
        {
            Set(stopping, ("$run", runId));
            var already = ReadItems(stopping);
            if (already.Count > 0)
            {
                return Task.FromResult(new RunWorkStop(true, already, []));
            }
        }
        List<RunWorkItem> running;
        using (var stop = Command(conn, tx, """
            UPDATE work_items SET error = $reason WHERE run_id = $run AND kind = 'task' AND state = 'leased'
            RETURNING task_id, map_index, attempt
            """))
        {
            Set(stop, ("$reason", reason), ("$run", runId));
            running = ReadItems(stop);
        }
        using var remove = Command(conn, tx, "DELETE FROM work_items WHERE run_id = $run AND kind = 'task' AND state <> 'leased' RETURNING task_id, map_index, attempt");
        Set(remove, ("$run", runId));
        var removed = ReadItems(remove);
        Stopped |= running.Count > 0;
        return Task.FromResult(new RunWorkStop(false, running, removed));
    }

    public Task StopMapAsync(string runId, string taskId, int running, CancellationToken cancellationToken)
    {
        using var cmd = Command(conn, tx, """
            UPDATE task_progress SET items_failed = items_failed + items_left - $running, items_left = $running, next_item = item_count
            WHERE run_id = $run AND task_id = $task
            """);
        Set(cmd, ("$running", running), ("$run", runId), ("$task", taskId));
        cmd.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StrandedWork>> TakeStrandedAsync(DateTimeOffset now, string? runId, CancellationToken cancellationToken)
    {
        var list = new List<StrandedWork>();
        using (var select = Command(conn, tx, """
            SELECT w.id, w.queue, w.attempt, w.lost, w.run_id, w.task_id, w.map_index, w.error, w.lease_owner, a.started_at
            FROM work_items w
            LEFT JOIN task_attempts a ON a.run_id = w.run_id AND a.task_id = w.task_id AND a.map_index = w.map_index AND a.attempt = w.attempt
            WHERE w.state = 'leased' AND w.lease_expires_at < $now AND w.kind = 'task' AND w.error IS NOT NULL AND ($run IS NULL OR w.run_id = $run)
            ORDER BY w.id LIMIT 10000
            """))
        {
            Set(select, ("$now", SqliteTime.ToStored(now)), ("$run", runId));
            using var r = select.ExecuteReader();
            while (r.Read())
            {
                var work = new ClaimedWork
                {
                    Id = r.GetInt64(0), Kind = WorkKind.Task, Queue = r.GetString(1), Attempt = r.GetInt32(2), Lost = r.GetInt32(3),
                    RunId = r.GetString(4), TaskId = r.GetString(5), MapIndex = r.GetInt32(6),
                };
                list.Add(new StrandedWork(work, r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8), SqliteTime.FromStoredOrNull(r.GetValue(9))));
            }
        }
        using var delete = Command(conn, tx, "DELETE FROM work_items WHERE id = $id");
        foreach (var s in list)
        {
            Set(delete, ("$id", s.Work.Id));
            delete.ExecuteNonQuery();
        }
        return Task.FromResult<IReadOnlyList<StrandedWork>>(list);
    }

    private static List<ReleasedWork> ReadReleased(SqliteCommand cmd)
    {
        var list = new List<ReleasedWork>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            list.Add(new ReleasedWork(r.GetInt64(0), r.IsDBNull(1) ? null : r.GetString(1)));
        }
        return list;
    }

    private static List<RunWorkItem> ReadItems(SqliteCommand cmd)
    {
        var list = new List<RunWorkItem>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            list.Add(new RunWorkItem(r.GetString(0), r.GetInt32(1), r.GetInt32(2)));
        }
        return list;
    }
}
