using System.Text.Json;
using Sluice.Distributed;
using Sluice.Sqlite.Connection;
using static Sluice.Sqlite.Distributed.SqliteWorkQueue;

namespace Sluice.Sqlite.Distributed;

internal sealed partial class SqliteWorkTransaction
{
    public Task<IReadOnlyList<long>> InsertJobsAsync(IReadOnlyList<NewJob> jobs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var depIds = jobs.SelectMany(static j => j.DependsOn).Distinct().ToArray();
        var depStates = new Dictionary<long, string>();
        if (depIds.Length > 0)
        {
            using var read = Command(conn, tx, "SELECT id, state FROM work_items WHERE kind = 'job' AND id IN (SELECT value FROM json_each($ids))");
            Set(read, ("$ids", JsonSerializer.Serialize(depIds)));
            using var r = read.ExecuteReader();
            while (r.Read())
            {
                depStates[r.GetInt64(0)] = r.GetString(1);
            }
            var unknown = depIds.Where(id => !depStates.ContainsKey(id)).ToList();
            if (unknown.Count > 0)
            {
                throw new ArgumentException($"dependsOn names job(s) that do not exist: {string.Join(", ", unknown)}.");
            }
        }
        long next;
        using (var seq = Command(conn, tx, "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'work_items'), 0), COALESCE((SELECT MAX(id) FROM work_items), 0))"))
        {
            // The write transaction holds SQLite's only write lock: nobody else can take these ids meanwhile.
            next = Convert.ToInt64(seq.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) + 1;
        }
        var ids = new long[jobs.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = next + i;
        }
        var plan = JobInsertPlan.Create(jobs, ids, id => depStates[id]);
        using (var insert = Command(conn, tx, """
            INSERT INTO work_items (id, kind, queue, priority, state, available_at, attempt, name, args, max_retries, remaining_deps, error, created_at, ended_at)
            VALUES ($id, 'job', $queue, $priority, $state, $at, 0, $name, $args, $retries, $remaining, $error, $now, CASE WHEN $state = 'failed' THEN $now END)
            """))
        {
            for (var i = 0; i < ids.Length; i++)
            {
                Set(insert, ("$id", plan.Ids[i]), ("$queue", plan.Queues[i]), ("$priority", plan.Priorities[i]), ("$state", plan.States[i]),
                    ("$at", SqliteTime.ToStored(new DateTimeOffset(plan.AvailableAt[i], TimeSpan.Zero))), ("$name", plan.Names[i]), ("$args", plan.Args[i]),
                    ("$retries", plan.MaxRetries[i]), ("$remaining", plan.Remaining[i]), ("$error", plan.Errors[i]), ("$now", SqliteTime.ToStored(now)));
                insert.ExecuteNonQuery();
            }
        }
        using (var edge = Command(conn, tx, "INSERT OR IGNORE INTO work_dependencies (depends_on, item_id) VALUES ($from, $to)"))
        {
            for (var i = 0; i < plan.EdgeFrom.Length; i++)
            {
                Set(edge, ("$from", plan.EdgeFrom[i]), ("$to", plan.EdgeTo[i]));
                edge.ExecuteNonQuery();
            }
        }
        QueuedWork |= plan.AnyReady;
        return Task.FromResult<IReadOnlyList<long>>(ids);
    }

    public Task<IReadOnlyList<long>> FinishJobsAsync(string owner, IReadOnlyList<JobCompletion> completions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var applied = new List<long>(completions.Count);
        using var finish = Command(conn, tx, """
            UPDATE work_items SET state = $state, result = $result, error = $error, available_at = COALESCE($retry, available_at),
              ended_at = CASE WHEN $state IN ('succeeded', 'failed') THEN $now END, lease_owner = NULL, lease_expires_at = NULL
            WHERE id = $id AND lease_owner = $owner AND state = 'leased' AND kind = 'job'
            """);
        using var release = Command(conn, tx, """
            UPDATE work_items SET remaining_deps = remaining_deps - 1, state = CASE WHEN remaining_deps - 1 <= 0 THEN 'ready' ELSE state END
            WHERE state = 'pending' AND id IN (SELECT item_id FROM work_dependencies WHERE depends_on = $id)
            RETURNING state
            """);
        using var fail = Command(conn, tx, """
            WITH RECURSIVE doomed(id, cause) AS (
                SELECT item_id, depends_on FROM work_dependencies WHERE depends_on = $id
                UNION
                SELECT d.item_id, d.depends_on FROM work_dependencies d JOIN doomed ON d.depends_on = doomed.id
            )
            UPDATE work_items SET state = 'failed', ended_at = $now,
              error = 'dependency ' || (SELECT cause FROM doomed WHERE doomed.id = work_items.id LIMIT 1) || ' failed'
            WHERE state = 'pending' AND id IN (SELECT id FROM doomed)
            """);
        foreach (var c in completions)
        {
            var state = JobStates.ToName(c.State);
            Set(finish, ("$state", state), ("$result", c.ResultJson), ("$error", c.Error), ("$retry", c.RetryAt is { } at ? SqliteTime.ToStored(at) : null),
                ("$now", SqliteTime.ToStored(now)), ("$id", c.Id), ("$owner", owner));
            if (finish.ExecuteNonQuery() == 0)
            {
                continue;
            }
            applied.Add(c.Id);
            switch (c.State)
            {
                case JobState.Ready:
                    QueuedWork = true;
                    break;
                case JobState.Succeeded:
                    Set(release, ("$id", c.Id));
                    QueuedWork |= ReadStrings(release).Contains("ready");
                    break;
                case JobState.Failed:
                    Set(fail, ("$id", c.Id), ("$now", SqliteTime.ToStored(now)));
                    fail.ExecuteNonQuery();
                    break;
            }
        }
        return Task.FromResult<IReadOnlyList<long>>(applied);
    }

    private static List<string> ReadStrings(Microsoft.Data.Sqlite.SqliteCommand cmd)
    {
        var list = new List<string>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            list.Add(r.GetString(0));
        }
        return list;
    }
}
