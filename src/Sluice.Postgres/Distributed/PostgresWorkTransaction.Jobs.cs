using NpgsqlTypes;
using Sluice.Distributed;
using Sluice.Postgres.State;

namespace Sluice.Postgres.Distributed;

internal sealed partial class PostgresWorkTransaction
{
    // FOR SHARE: a dependency finishing concurrently either commits first (and is seen finished here) or waits
    // for this insert to commit (and then sees the new dependency edge when it counts its dependents).
    private const string LockDependencies = "SELECT id, state FROM work_items WHERE id = ANY($1) AND kind = 'job' FOR SHARE";

    // Sorted so the ids handed back follow enqueue order even if the server evaluates the rows in another order.
    private const string NextIds = "SELECT nextval(pg_get_serial_sequence('work_items', 'id')) AS id FROM generate_series(1, $1) ORDER BY id";

    private const string InsertJobs = """
        INSERT INTO work_items (id, kind, queue, priority, state, available_at, attempt, name, args, max_retries, remaining_deps, error, created_at, ended_at)
        SELECT id, 'job', queue, priority, state, available_at, 0, name, args, max_retries, remaining, error, $11,
               CASE WHEN state = 'failed' THEN $11 END
        FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::text[], $9::text[], $10::timestamptz[])
          AS u(id, name, args, queue, priority, max_retries, remaining, state, error, available_at)
        """;

    private const string InsertEdges = """
        INSERT INTO work_dependencies (depends_on, item_id) SELECT * FROM unnest($1::bigint[], $2::bigint[]) ON CONFLICT DO NOTHING
        """;

    private const string FinishJobs = """
        UPDATE work_items w SET state = u.state, result = u.result, error = u.error,
          available_at = COALESCE(u.retry_at, w.available_at),
          ended_at = CASE WHEN u.state IN ('succeeded', 'failed') THEN $3 END,
          lease_owner = NULL, lease_expires_at = NULL
        FROM unnest($1::bigint[], $4::text[], $5::text[], $6::text[], $7::timestamptz[]) AS u(id, state, result, error, retry_at)
        WHERE w.id = u.id AND w.lease_owner = $2 AND w.state = 'leased' AND w.kind = 'job'
        RETURNING w.id, w.state
        """;

    private const string ReleaseDependents = """
        UPDATE work_items w SET remaining_deps = w.remaining_deps - c.n,
          state = CASE WHEN w.remaining_deps - c.n <= 0 THEN 'ready' ELSE w.state END
        FROM (SELECT item_id, count(*)::int AS n FROM work_dependencies WHERE depends_on = ANY($1) GROUP BY item_id) c
        WHERE w.id = c.item_id AND w.state = 'pending'
        RETURNING w.state
        """;

    private const string FailDependents = """
        WITH RECURSIVE doomed(id, cause) AS (
            SELECT item_id, depends_on FROM work_dependencies WHERE depends_on = ANY($1)
            UNION
            SELECT d.item_id, d.depends_on FROM work_dependencies d JOIN doomed ON d.depends_on = doomed.id
        )
        UPDATE work_items w SET state = 'failed', error = 'dependency ' || doomed.cause || ' failed', ended_at = $2
        FROM doomed WHERE w.id = doomed.id AND w.state = 'pending'
        """;

    public async Task<IReadOnlyList<long>> InsertJobsAsync(IReadOnlyList<NewJob> jobs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        var depIds = jobs.SelectMany(static j => j.DependsOn).Distinct().ToArray();
        var depStates = new Dictionary<long, string>();
        if (depIds.Length > 0)
        {
            var lockCmd = Command(LockDependencies, Sql.Array(depIds, NpgsqlDbType.Bigint));
            await using (lockCmd.ConfigureAwait(false))
            {
                var r = await lockCmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        depStates[r.GetInt64(0)] = r.GetString(1);
                    }
                }
            }
            var unknown = depIds.Where(id => !depStates.ContainsKey(id)).ToList();
            if (unknown.Count > 0)
            {
                throw new ArgumentException($"dependsOn names job(s) that do not exist: {string.Join(", ", unknown)}.");
            }
        }
        IReadOnlyList<long> ids;
        var idCmd = Command(NextIds, Sql.Int(jobs.Count));
        await using (idCmd.ConfigureAwait(false))
        {
            ids = await PostgresWorkQueue.ReadLongsAsync(idCmd, cancellationToken).ConfigureAwait(false);
        }
        var plan = JobInsertPlan.Create(jobs, ids, id => depStates[id]);
        await ExecAsync(Command(InsertJobs,
            Sql.Array(plan.Ids, NpgsqlDbType.Bigint), Sql.Array(plan.Names, NpgsqlDbType.Text), Sql.Array(plan.Args, NpgsqlDbType.Text), Sql.Array(plan.Queues, NpgsqlDbType.Text),
            Sql.Array(plan.Priorities, NpgsqlDbType.Integer), Sql.Array(plan.MaxRetries, NpgsqlDbType.Integer), Sql.Array(plan.Remaining, NpgsqlDbType.Integer),
            Sql.Array(plan.States, NpgsqlDbType.Text), Sql.Array(plan.Errors, NpgsqlDbType.Text), Sql.Array(plan.AvailableAt, NpgsqlDbType.TimestampTz), Sql.Time(now)), cancellationToken).ConfigureAwait(false);
        if (plan.EdgeFrom.Length > 0)
        {
            await ExecAsync(Command(InsertEdges, Sql.Array(plan.EdgeFrom, NpgsqlDbType.Bigint), Sql.Array(plan.EdgeTo, NpgsqlDbType.Bigint)), cancellationToken).ConfigureAwait(false);
        }
        if (plan.AnyReady)
        {
            await ExecAsync(Command(WorkSql.Notify), cancellationToken).ConfigureAwait(false);
        }
        return ids;
    }

    public async Task<IReadOnlyList<long>> FinishJobsAsync(string owner, IReadOnlyList<JobCompletion> completions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        var n = completions.Count;
        var (ids, states, results, errors, retryAt) = (new long[n], new string[n], new string?[n], new string?[n], new DateTime?[n]);
        for (var i = 0; i < n; i++)
        {
            var c = completions[i];
            (ids[i], states[i], results[i], errors[i], retryAt[i]) = (c.Id, JobStates.ToName(c.State), c.ResultJson, c.Error, c.RetryAt?.UtcDateTime);
        }
        var applied = new List<long>(n);
        var succeeded = new List<long>();
        var failed = new List<long>();
        var anyRetry = false;
        var cmd = Command(FinishJobs, Sql.Array(ids, NpgsqlDbType.Bigint), Sql.Text(owner), Sql.Time(now), Sql.Array(states, NpgsqlDbType.Text),
            Sql.Array(results, NpgsqlDbType.Text), Sql.Array(errors, NpgsqlDbType.Text), Sql.Array(retryAt, NpgsqlDbType.TimestampTz));
        await using (cmd.ConfigureAwait(false))
        {
            var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (r.ConfigureAwait(false))
            {
                while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var id = r.GetInt64(0);
                    applied.Add(id);
                    switch (r.GetString(1))
                    {
                        case "succeeded": succeeded.Add(id); break;
                        case "failed": failed.Add(id); break;
                        default: anyRetry = true; break;
                    }
                }
            }
        }
        var anyReady = anyRetry;
        if (succeeded.Count > 0)
        {
            var release = Command(ReleaseDependents, Sql.Array(succeeded.ToArray(), NpgsqlDbType.Bigint));
            await using (release.ConfigureAwait(false))
            {
                var r = await release.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        anyReady |= r.GetString(0) == "ready";
                    }
                }
            }
        }
        if (failed.Count > 0)
        {
            // Repeat until nothing changes: a job enqueued concurrently on a dependent (it holds FOR SHARE on it, so
            // our update waited for its commit) is not in the snapshot of the statement that waited, only in the next.
            var seeds = failed.ToArray();
            for (var round = 0; round < 1000; round++)
            {
                var cascade = Command(FailDependents, Sql.Array(seeds, NpgsqlDbType.Bigint), Sql.Time(now));
                await using (cascade.ConfigureAwait(false))
                {
                    if (await cascade.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                    {
                        break;
                    }
                }
            }
        }
        if (anyReady)
        {
            await ExecAsync(Command(WorkSql.Notify), cancellationToken).ConfigureAwait(false);
        }
        return applied;
    }
}
