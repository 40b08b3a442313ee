namespace Sluice.State.Sqlite;

public sealed partial class SqliteStateStore
{
    /// <inheritdoc />
    public async Task CommitAsync(StateBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.IsEmpty)
        {
            return;
        }
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Synchronous execution on purpose: Microsoft.Data.Sqlite's async methods run synchronously
            // anyway, and the transaction must not be split by cancellation halfway.
            using var tx = Writer.BeginTransaction();
            ApplyBatch(batch, tx);
            tx.Commit();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static void Bind(CommitCommands c, Microsoft.Data.Sqlite.SqliteTransaction tx)
    {
        c.UpsertTask.Transaction = tx;
        c.UpsertAttempt.Transaction = tx;
        c.InsertLog.Transaction = tx;
        c.UpdateRun.Transaction = tx;
    }
}
