using Npgsql;
using NpgsqlTypes;
using Sluice.Distributed;
using Sluice.Postgres.Connection;
using Sluice.Postgres.State;
using Sluice.State;

namespace Sluice.Postgres.Distributed;

/// <summary>
/// The work queue on PostgreSQL: claims with <c>FOR UPDATE SKIP LOCKED</c>, leases renewed in one statement,
/// outcomes applied in READ COMMITTED transactions whose counters serialize on row locks, and
/// <c>LISTEN/NOTIFY</c> on channel <c>sluice_work</c> to wake idle workers. Every operation reconnects
/// after a server restart or network loss (<see cref="ReconnectPolicy"/>).
/// </summary>
internal sealed class PostgresWorkQueue : IWorkStore, ICancelNotifications
{
    private const int MaxConflictRetries = 20;
    private readonly ReconnectPolicy _policy;
    private readonly PostgresWorkListener _listener;

    public PostgresWorkQueue(NpgsqlDataSource dataSource, ReconnectPolicy policy, PostgresStoreOptions options)
    {
        _policy = policy;
        _listener = new PostgresWorkListener(dataSource, options.Log, options.TimeProvider);
    }

    public Task<IReadOnlyList<ClaimedWork>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken) =>
        _policy.ExecuteAsync(request, static async (conn, r, _, ct) =>
        {
            var list = new List<ClaimedWork>(r.Max);
            if (r.PoolLimits is not { Count: > 0 } limits)
            {
                await ClaimPartAsync(conn, r, list, ct).ConfigureAwait(false);
                return (IReadOnlyList<ClaimedWork>)list;
            }
            // Claims under pool limits take one transaction-scoped advisory lock, so a second worker counts the leases
            // only after the first one's claims are committed (SKIP LOCKED alone would let both take the last slot).
            var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using (tx.ConfigureAwait(false))
            {
                await ExecAsync(conn, tx, WorkSql.LockPools, ct).ConfigureAwait(false);
                var leased = new Dictionary<string, int>(StringComparer.Ordinal);
                var count = Sql.Command(conn, WorkSql.LeasedInQueues, Sql.Time(r.Now), TextArray([.. limits.Keys]));
                await using (count.ConfigureAwait(false))
                {
                    var reader = await count.ExecuteReaderAsync(ct).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(ct).ConfigureAwait(false))
                        {
                            leased[reader.GetString(0)] = reader.GetInt32(1);
                        }
                    }
                }
                foreach (var part in r.WithinPools(leased))
                {
                    if (list.Count < r.Max)
                    {
                        await ClaimPartAsync(conn, part with { Max = Math.Min(part.Max, r.Max - list.Count) }, list, ct).ConfigureAwait(false);
                    }
                }
                await tx.CommitAsync(ct).ConfigureAwait(false);
            }
            list.Sort(static (a, b) => a.Id.CompareTo(b.Id));
            return (IReadOnlyList<ClaimedWork>)list;
        }, cancellationToken);

    private static async Task ClaimPartAsync(NpgsqlConnection conn, ClaimRequest r, List<ClaimedWork> list, CancellationToken ct)
    {
        var cmd = Sql.Command(conn, WorkSql.Claim,
            Sql.Time(r.Now), TextArray(r.Queues), TextArray(r.ExcludedQueues), Sql.Int(r.Max), Sql.Text(r.Owner), Sql.Time(r.Now + r.LeaseDuration),
            Sql.Text(r.LocalQueue), TextArray(r.JobNames ?? []), Sql.Text(r.Only?.RunId), Sql.Text(r.Only?.TaskId));
        await using (cmd.ConfigureAwait(false))
        {
            var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    var job = reader.GetString(1) == "job";
                    list.Add(new ClaimedWork
                    {
                        Id = reader.GetInt64(0),
                        Kind = job ? WorkKind.Job : WorkKind.Task,
                        Queue = reader.GetString(2),
                        Attempt = reader.GetInt32(3),
                        Lost = reader.GetInt32(4),
                        RunId = Sql.StringOrNull(reader, 5),
                        TaskId = Sql.StringOrNull(reader, 6),
                        MapIndex = reader.IsDBNull(7) ? -1 : reader.GetInt32(7),
                        Name = Sql.StringOrNull(reader, 8),
                        ArgsJson = Sql.StringOrNull(reader, 9),
                        MaxRetries = reader.GetInt32(10),
                    });
                }
            }
        }
    }

    public Task<IReadOnlyList<long>> RenewLeasesAsync(string owner, IReadOnlyList<long> ids, DateTimeOffset until, CancellationToken cancellationToken) =>
        _policy.ExecuteAsync((owner, ids: ids.ToArray(), until), static async (conn, s, _, ct) =>
        {
            var cmd = Sql.Command(conn, WorkSql.Renew, Sql.Text(s.owner), Sql.Array(s.ids, NpgsqlDbType.Bigint), Sql.Time(s.until));
            await using (cmd.ConfigureAwait(false))
            {
                var held = new List<long>(s.ids.Length);
                var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    while (await r.ReadAsync(ct).ConfigureAwait(false))
                    {
                        // Items told to stop stay renewed but are left out (see IWorkStore.RenewLeasesAsync).
                        if (!r.GetBoolean(1))
                        {
                            held.Add(r.GetInt64(0));
                        }
                    }
                }
                return (IReadOnlyList<long>)held;
            }
        }, cancellationToken);

    public Task<int> RequeueExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        _policy.ExecuteAsync(now, static async (conn, at, _, ct) =>
        {
            int n;
            var cmd = Sql.Command(conn, WorkSql.Requeue, Sql.Time(at));
            await using (cmd.ConfigureAwait(false))
            {
                n = (int)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
            }
            if (n > 0)
            {
                await ExecAsync(conn, null, WorkSql.Notify, ct).ConfigureAwait(false);
            }
            return n;
        }, cancellationToken);

    public Task<int> AbandonLeasesAsync(string owner, DateTimeOffset now, CancellationToken cancellationToken) =>
        _policy.ExecuteAsync((owner, now), static async (conn, s, _, ct) =>
        {
            // Expire them now; the re-queue below (or any worker's next reap) records the lost attempts.
            var cmd = Sql.Command(conn, WorkSql.Abandon, Sql.Text(s.owner), Sql.Time(s.now.AddTicks(-1)));
            await using (cmd.ConfigureAwait(false))
            {
                await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            var requeue = Sql.Command(conn, WorkSql.Requeue, Sql.Time(s.now));
            await using (requeue.ConfigureAwait(false))
            {
                var n = (int)(await requeue.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
                if (n > 0)
                {
                    await ExecAsync(conn, null, WorkSql.Notify, ct).ConfigureAwait(false);
                }
                return n;
            }
        }, cancellationToken);

    /// <summary>
    /// One transaction; a deadlock or serialization failure (two workers locking counters in different
    /// orders) rolls back and runs the unit again at once, without the reconnect policy's delay, and so does a
    /// count at commit that refused to end its task (then with <see cref="IWorkTransaction.CountsAtCommit"/> false).
    /// </summary>
    public Task<TResult> InTransactionAsync<TState, TResult>(TState state, Func<IWorkTransaction, TState, CancellationToken, Task<TResult>> work, CancellationToken cancellationToken) =>
        _policy.ExecuteAsync((state, work), static async (conn, s, _, ct) =>
        {
            var countsAtCommit = true;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
                    await using (tx.ConfigureAwait(false))
                    {
                        var wtx = new PostgresWorkTransaction(conn, tx, countsAtCommit);
                        var result = await s.work(wtx, s.state, ct).ConfigureAwait(false);
                        await wtx.CommitAsync(ct).ConfigureAwait(false);
                        return result;
                    }
                }
                catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure && attempt < MaxConflictRetries)
                {
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresWorkTransaction.CountEndsTaskState && countsAtCommit)
                {
                    // Items counted at commit were their task's last: once more, counting them where the task's end is decided.
                    countsAtCommit = false;
                }
            }
        }, cancellationToken);

    public Task<IReadOnlyList<TaskInstanceRecord>> GetTaskRowsAsync(string runId, IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken) =>
        _policy.ExecuteAsync((runId, ids: taskIds.ToArray()), static (conn, s, _, ct) => PostgresWorkTransaction.ReadRowsAsync(conn, null, WorkSql.TaskRows, s.runId, Sql.Array(s.ids, NpgsqlDbType.Text), ct), cancellationToken);

    public Task<string?> GetMapItemsAsync(string runId, string taskId, CancellationToken cancellationToken) =>
        _policy.ExecuteAsync((runId, taskId), static async (conn, s, _, ct) =>
        {
            var cmd = Sql.Command(conn, WorkSql.MapItems, Sql.Text(s.runId), Sql.Text(s.taskId));
            await using (cmd.ConfigureAwait(false))
            {
                return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
            }
        }, cancellationToken);

    public Task<JobRecord?> GetJobAsync(long id, CancellationToken cancellationToken) =>
        _policy.ExecuteAsync(id, static async (conn, jobId, _, ct) =>
        {
            var cmd = Sql.Command(conn, WorkSql.GetJob, Sql.Long(jobId));
            await using (cmd.ConfigureAwait(false))
            {
                var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    if (!await r.ReadAsync(ct).ConfigureAwait(false))
                    {
                        return null;
                    }
                    return new JobRecord(r.GetInt64(0), r.GetString(1), JobStates.Parse(r.GetString(2)), r.GetInt32(3), Sql.StringOrNull(r, 4), Sql.StringOrNull(r, 5), Sql.TimeAt(r, 6), Sql.TimeOrNull(r, 7));
                }
            }
        }, cancellationToken);

    public Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken) => _listener.WaitAsync(timeout, cancellationToken);

    public Task WaitForCancelAsync(TimeSpan timeout, CancellationToken cancellationToken) => _listener.WaitForCancelAsync(timeout, cancellationToken);

    internal static NpgsqlParameter TextArray(IReadOnlyList<string>? values) =>
        values is null ? new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = DBNull.Value } : Sql.Array(values.ToArray(), NpgsqlDbType.Text);

    internal static async Task<IReadOnlyList<long>> ReadLongsAsync(NpgsqlCommand cmd, CancellationToken cancellationToken)
    {
        var list = new List<long>();
        var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (r.ConfigureAwait(false))
        {
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(r.GetInt64(0));
            }
        }
        return list;
    }

    internal static async Task ExecAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        var cmd = new NpgsqlCommand(sql, conn, tx);
        await using (cmd.ConfigureAwait(false))
        {
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
