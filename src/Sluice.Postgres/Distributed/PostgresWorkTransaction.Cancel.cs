using Npgsql;
using NpgsqlTypes;
using Sluice.Distributed;
using Sluice.Postgres.State;
using Sluice.State;

namespace Sluice.Postgres.Distributed;

/// <summary>Cancelling runs (see <see cref="CancelSql"/>).</summary>
internal sealed partial class PostgresWorkTransaction
{
    public async Task<IReadOnlyList<ReleasedWork>> GetStoppingAsync(string owner, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        return await ReadReleasedAsync(Command(CancelSql.Stopping, Sql.Text(owner), Sql.Array(ids.ToArray(), NpgsqlDbType.Bigint)), cancellationToken).ConfigureAwait(false);
    }

    public async Task<RunState?> LockRunAsync(string runId, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        var cmd = Command(CancelSql.LockRun, Sql.Text(runId));
        await using (cmd.ConfigureAwait(false))
        {
            return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string state ? StateNames.ParseRun(state) : null;
        }
    }

    public async Task<RunWorkStop> StopRunWorkAsync(string runId, string reason, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        var already = await ReadItemsAsync(Command(CancelSql.AlreadyStopping, Sql.Text(runId)), cancellationToken).ConfigureAwait(false);
        if (already.Count > 0)
        {
            return new RunWorkStop(true, already, []);
        }
        var running = await ReadItemsAsync(Command(CancelSql.StopLeased, Sql.Text(runId), Sql.Text(reason)), cancellationToken).ConfigureAwait(false);
        var removed = await ReadItemsAsync(Command(CancelSql.RemoveQueued, Sql.Text(runId)), cancellationToken).ConfigureAwait(false);
        // READ COMMITTED: a claim that held a queued item while it was being removed won it (the delete waited, then
        // saw it leased); that claim committed before the delete went on, so this statement sees it and stops it too.
        var late = await ReadItemsAsync(Command(CancelSql.StopLeased, Sql.Text(runId), Sql.Text(reason)), cancellationToken).ConfigureAwait(false);
        if (late.Count > 0)
        {
            running = [.. running, .. late];
        }
        if (running.Count > 0)
        {
            // Delivered at commit: workers holding the items check them at once instead of at their next heartbeat.
            await ExecAsync(Command(WorkSql.NotifyCancel), cancellationToken).ConfigureAwait(false);
        }
        return new RunWorkStop(false, running, removed);
    }

    public async Task StopMapAsync(string runId, string taskId, int running, CancellationToken cancellationToken)
    {
        _pending.Add(Statement(WorkSql.FoldItems, Sql.Text(runId), Sql.Text(taskId)));
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        await ExecAsync(Command(CancelSql.StopMap, Sql.Text(runId), Sql.Text(taskId), Sql.Int(running)), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StrandedWork>> TakeStrandedAsync(DateTimeOffset now, string? runId, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        var cmd = Command(CancelSql.TakeStranded, Sql.Time(now), Sql.Text(runId));
        await using (cmd.ConfigureAwait(false))
        {
            var list = new List<StrandedWork>();
            var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (r.ConfigureAwait(false))
            {
                while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var work = new ClaimedWork
                    {
                        Id = r.GetInt64(0), Kind = WorkKind.Task, Queue = r.GetString(1), Attempt = r.GetInt32(2), Lost = r.GetInt32(3),
                        RunId = r.GetString(4), TaskId = r.GetString(5), MapIndex = r.GetInt32(6),
                    };
                    list.Add(new StrandedWork(work, r.GetString(7), Sql.StringOrNull(r, 8), Sql.TimeOrNull(r, 9)));
                }
            }
            return list;
        }
    }

    private static async Task<IReadOnlyList<ReleasedWork>> ReadReleasedAsync(NpgsqlCommand cmd, CancellationToken cancellationToken)
    {
        await using (cmd.ConfigureAwait(false))
        {
            var list = new List<ReleasedWork>();
            var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (r.ConfigureAwait(false))
            {
                while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    list.Add(new ReleasedWork(r.GetInt64(0), Sql.StringOrNull(r, 1)));
                }
            }
            return list;
        }
    }

    private static async Task<IReadOnlyList<RunWorkItem>> ReadItemsAsync(NpgsqlCommand cmd, CancellationToken cancellationToken)
    {
        await using (cmd.ConfigureAwait(false))
        {
            var list = new List<RunWorkItem>();
            var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (r.ConfigureAwait(false))
            {
                while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    list.Add(new RunWorkItem(r.GetString(0), r.GetInt32(1), r.GetInt32(2)));
                }
            }
            return list;
        }
    }
}
