using Npgsql;
using NpgsqlTypes;
using Sluice.Distributed;
using Sluice.Postgres.State;
using Sluice.State;

namespace Sluice.Postgres.Distributed;

/// <summary>
/// The operations of one work transaction on PostgreSQL: one set-based statement each; writes nobody reads are
/// held back and sent with the next statement or the COMMIT (see the Deferred part).
/// </summary>
/// <param name="conn">The connection.</param>
/// <param name="tx">Its transaction.</param>
/// <param name="countsAtCommit">Whether <see cref="CountItemsAtCommit"/> may be used (false when a unit runs again because such a count ended its task).</param>
internal sealed partial class PostgresWorkTransaction(NpgsqlConnection conn, NpgsqlTransaction tx, bool countsAtCommit) : IWorkTransaction
{
    public async Task<IReadOnlyList<ReleasedWork>> ReleaseAsync(string owner, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        return await ReadReleasedAsync(Command(WorkSql.Release, Sql.Array(ids.ToArray(), NpgsqlDbType.Bigint), Sql.Text(owner)), cancellationToken).ConfigureAwait(false);
    }

    public async Task CreateRunAsync(RunRecord run, IReadOnlyList<TaskDependencies> tasks, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        var insert = Command("""
            INSERT INTO runs (run_id, pipeline_id, version_hash, state, inputs, logical_date, trigger, created_at, started_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """,
            Sql.Text(run.RunId), Sql.Text(run.PipelineId), Sql.Text(run.VersionHash), Sql.Text(run.State.ToName()), Sql.Text(run.InputsJson),
            Sql.Time(run.LogicalDate), Sql.Text(run.Trigger), Sql.Time(run.CreatedAt), Sql.Time(run.StartedAt));
        await using (insert.ConfigureAwait(false))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await ExecAsync(Command(WorkSql.InsertRunProgress, Sql.Text(run.RunId), Sql.Int(tasks.Count)), cancellationToken).ConfigureAwait(false);
        await ExecAsync(Command(WorkSql.InsertTaskProgress, Sql.Text(run.RunId),
            Sql.Array(tasks.Select(static t => t.TaskId).ToArray(), NpgsqlDbType.Text), Sql.Array(tasks.Select(static t => t.Dependencies).ToArray(), NpgsqlDbType.Integer)), cancellationToken).ConfigureAwait(false);
    }

    public Task InsertWorkAsync(IReadOnlyList<NewWorkItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return Task.CompletedTask;
        }
        var n = items.Count;
        var (run, task, map, queue, priority) = (new string[n], new string[n], new int[n], new string[n], new int[n]);
        var (at, attempt, lost) = (new DateTime[n], new int[n], new int[n]);
        for (var i = 0; i < n; i++)
        {
            var w = items[i];
            (run[i], task[i], map[i], queue[i], priority[i]) = (w.RunId, w.TaskId, w.MapIndex, w.Queue, w.Priority);
            (at[i], attempt[i], lost[i]) = (w.AvailableAt.UtcDateTime, w.Attempt, w.Lost);
        }
        _pending.Add(Statement(WorkSql.InsertWork, Sql.Array(run, NpgsqlDbType.Text), Sql.Array(task, NpgsqlDbType.Text), Sql.Array(map, NpgsqlDbType.Integer), Sql.Array(queue, NpgsqlDbType.Text),
            Sql.Array(priority, NpgsqlDbType.Integer), Sql.Array(at, NpgsqlDbType.TimestampTz), Sql.Array(attempt, NpgsqlDbType.Integer), Sql.Array(lost, NpgsqlDbType.Integer)));
        // Delivered when the transaction commits, to every listening worker.
        _pending.Add(Statement(WorkSql.Notify));
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyDictionary<string, int>> DecrementDependenciesAsync(string runId, IReadOnlyDictionary<string, int> finished, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        // Sorted: transactions lock counters of one run in the same order, which keeps deadlocks rare.
        var keys = finished.Keys.Order(StringComparer.Ordinal).ToArray();
        var counts = keys.Select(k => finished[k]).ToArray();
        var cmd = Command(WorkSql.DecrementDependencies, Sql.Text(runId), Sql.Array(keys, NpgsqlDbType.Text), Sql.Array(counts, NpgsqlDbType.Integer));
        await using (cmd.ConfigureAwait(false))
        {
            var result = new Dictionary<string, int>(keys.Length, StringComparer.Ordinal);
            var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (r.ConfigureAwait(false))
            {
                while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    result[r.GetString(0)] = r.GetInt32(1);
                }
            }
            return result;
        }
    }

    public Task StartMapAsync(string runId, string taskId, string itemsJson, int itemCount, int released, CancellationToken cancellationToken)
    {
        _pending.Add(Statement(WorkSql.StartMap, Sql.Text(runId), Sql.Text(taskId), Sql.Int(itemCount), Sql.Int(released), Sql.Text(itemsJson)));
        _pending.Add(Statement(WorkSql.StartMapShards, Sql.Text(runId), Sql.Text(taskId)));
        return Task.CompletedTask;
    }

    public async Task<MapProgress> AdvanceMapAsync(string runId, string taskId, int finished, int failed, CancellationToken cancellationToken)
    {
        _pending.Add(Statement(WorkSql.FoldItems, Sql.Text(runId), Sql.Text(taskId)));
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        var cmd = Command(WorkSql.AdvanceMap, Sql.Text(runId), Sql.Text(taskId), Sql.Int(finished), Sql.Int(failed));
        await using (cmd.ConfigureAwait(false))
        {
            var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (r.ConfigureAwait(false))
            {
                if (!await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new InvalidOperationException($"Mapped task '{taskId}' of run {runId} has no progress row.");
                }
                return new MapProgress(r.GetInt32(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4));
            }
        }
    }

    public async Task<RunProgress> AdvanceRunAsync(string runId, int finished, int failed, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        var cmd = Command(WorkSql.AdvanceRun, Sql.Text(runId), Sql.Int(finished), Sql.Int(failed));
        await using (cmd.ConfigureAwait(false))
        {
            var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (r.ConfigureAwait(false))
            {
                if (!await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new InvalidOperationException($"Run {runId} has no progress row (not a distributed run?).");
                }
                return new RunProgress(r.GetInt32(0), r.GetInt32(1));
            }
        }
    }

    public async Task<IReadOnlyList<TaskInstanceRecord>> GetTaskRowsAsync(string runId, IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        return await ReadRowsAsync(conn, tx, WorkSql.TaskRows, runId, Sql.Array(taskIds.ToArray(), NpgsqlDbType.Text), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TaskInstanceRecord>> GetItemRowsAsync(string runId, string taskId, CancellationToken cancellationToken)
    {
        // The items written by this transaction are among them.
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        return await ReadRowsAsync(conn, tx, WorkSql.ItemRows, runId, Sql.Text(taskId), cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<IReadOnlyList<TaskInstanceRecord>> ReadRowsAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, string runId, NpgsqlParameter second, CancellationToken cancellationToken)
    {
        var cmd = new NpgsqlCommand(sql, conn, tx);
        cmd.Parameters.Add(Sql.Text(runId));
        cmd.Parameters.Add(second);
        await using (cmd.ConfigureAwait(false))
        {
            var list = new List<TaskInstanceRecord>();
            var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (r.ConfigureAwait(false))
            {
                while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    list.Add(TaskInstanceReader.Read(r, runId, Sql.TimeOrNull));
                }
            }
            return list;
        }
    }

    private NpgsqlCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        if (_pending.Count > 0)
        {
            // A statement must see (and follow) the writes of this transaction: FlushAsync comes first.
            throw new InvalidOperationException("Held-back writes were not sent before a statement (missing FlushAsync).");
        }
        var cmd = new NpgsqlCommand(sql, conn, tx);
        cmd.Parameters.AddRange(parameters);
        return cmd;
    }

    private static async Task ExecAsync(NpgsqlCommand cmd, CancellationToken cancellationToken)
    {
        await using (cmd.ConfigureAwait(false))
        {
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
