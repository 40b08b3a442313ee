using Npgsql;
using NpgsqlTypes;
using Sluice.State;

namespace Sluice.Postgres.State;

public sealed partial class PostgresStateStore
{
    private const int PurgeEveryCommits = 1024;
    private long _commits;

    /// <inheritdoc />
    /// <remarks>
    /// One transaction, one round trip per table. The batch gets a commit id, recorded in the same
    /// transaction; when a retry finds it already recorded, the earlier attempt did commit (only its
    /// acknowledgement was lost) and the retry writes nothing, so log lines are stored exactly once.
    /// </remarks>
    public Task CommitAsync(StateBatch batch, CancellationToken cancellationToken = default) =>
        CommitAsync(batch, Guid.CreateVersion7(_database.Options.TimeProvider.GetUtcNow()), cancellationToken);

    /// <summary>Commits <paramref name="batch"/> unless a commit with <paramref name="commitId"/> is already stored.</summary>
    /// <returns>A task whose result is false when the commit id was already stored and nothing was written.</returns>
    internal Task<bool> CommitAsync(StateBatch batch, Guid commitId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.IsEmpty)
        {
            return Task.FromResult(true);
        }
        var columns = new CommitColumns(batch);
        var purge = Interlocked.Increment(ref _commits) % PurgeEveryCommits == 0;
        return RunAsync((columns, commitId, purge), static async (conn, s, _, ct) =>
        {
            var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using (tx.ConfigureAwait(false))
            {
                var mark = new NpgsqlCommand(CommitStatements.MarkCommit, conn, tx);
                await using (mark.ConfigureAwait(false))
                {
                    mark.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = s.commitId });
                    if (await mark.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0)
                    {
                        return false;
                    }
                }
                var writes = s.columns.CreateBatch(conn, tx, s.purge);
                await using (writes.ConfigureAwait(false))
                {
                    await writes.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
                await tx.CommitAsync(ct).ConfigureAwait(false);
                return true;
            }
        }, cancellationToken);
    }
}
