using Npgsql;
using Sluice.Postgres.State;
using Sluice.State;

namespace Sluice.Postgres.Distributed;

/// <summary>
/// Writes whose result nobody reads are held back and sent with the next statement that reads, or with the
/// COMMIT: a worker's group commit is then two round trips (release its items; write, count and commit). The finished
/// items of a fan-out are counted by the statement just before the COMMIT, on a shard row of the server process rather
/// than the task's progress row, so concurrent workers do not wait on each other's commits.
/// </summary>
internal sealed partial class PostgresWorkTransaction
{
    /// <summary>The SQLSTATE <c>sluice_count_items</c> raises when the counted items may end their task (none of its items waits to be claimed).</summary>
    public const string CountEndsTaskState = "SL001";

    private readonly List<NpgsqlBatchCommand> _pending = [];
    private readonly List<NpgsqlBatchCommand> _counts = [];

    public bool CountsAtCommit => countsAtCommit;

    public Task WriteAsync(StateBatch batch, CancellationToken cancellationToken)
    {
        if (!batch.IsEmpty)
        {
            _pending.AddRange(new CommitColumns(batch).Commands());
        }
        return Task.CompletedTask;
    }

    public void CountItemsAtCommit(string runId, string taskId, int finished, int failed)
    {
        if (!countsAtCommit)
        {
            throw new InvalidOperationException("This transaction counts items with AdvanceMapAsync (CountsAtCommit is false).");
        }
        _counts.Add(Statement(WorkSql.CountItems, Sql.Text(runId), Sql.Text(taskId), Sql.Int(finished), Sql.Int(failed)));
    }

    /// <summary>Sends the held-back writes, the item counts and the COMMIT in one round trip.</summary>
    /// <exception cref="PostgresException">With <see cref="CountEndsTaskState"/>: counted items were their task's last; roll back and run the unit again without <see cref="CountsAtCommit"/>.</exception>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0 && _counts.Count == 0)
        {
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        // The counters last: their rows are locked from here until the COMMIT that follows in the same message.
        _pending.AddRange(_counts);
        _counts.Clear();
        _pending.Add(new NpgsqlBatchCommand("COMMIT"));
        // After this the NpgsqlTransaction is complete (Npgsql follows the server's transaction status), and disposing it is a no-op.
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends the held-back writes; every statement that reads (or must follow them) calls this first.</summary>
    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }
        var batch = new NpgsqlBatch(conn, tx);
        await using (batch.ConfigureAwait(false))
        {
            foreach (var cmd in _pending)
            {
                batch.BatchCommands.Add(cmd);
            }
            _pending.Clear();
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static NpgsqlBatchCommand Statement(string sql, params NpgsqlParameter[] parameters)
    {
        var cmd = new NpgsqlBatchCommand(sql);
        cmd.Parameters.AddRange(parameters);
        return cmd;
    }
}
