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
            var c = _commit ?? throw new InvalidOperationException("Call InitializeAsync before using the store.");
            // Synchronous execution on purpose: Microsoft.Data.Sqlite's async methods run synchronously
            // anyway, and the transaction must not be split by cancellation halfway.
            using var tx = Writer.BeginTransaction();
            Bind(c, tx);
            foreach (var t in batch.Tasks)
            {
                var p = c.UpsertTask.Parameters;
                p[0].Value = t.RunId;
                p[1].Value = t.TaskId;
                p[2].Value = t.MapIndex;
                p[3].Value = t.State.ToName();
                p[4].Value = t.Attempt;
                p[5].Value = (object?)t.MapCount ?? DBNull.Value;
                p[6].Value = SqliteTime.ToStored(t.StartedAt);
                p[7].Value = SqliteTime.ToStored(t.EndedAt);
                p[8].Value = (object?)t.Error ?? DBNull.Value;
                p[9].Value = (object?)t.OutputsJson ?? DBNull.Value;
                c.UpsertTask.ExecuteNonQuery();
            }
            foreach (var a in batch.Attempts)
            {
                var p = c.UpsertAttempt.Parameters;
                p[0].Value = a.RunId;
                p[1].Value = a.TaskId;
                p[2].Value = a.MapIndex;
                p[3].Value = a.Attempt;
                p[4].Value = a.State.ToName();
                p[5].Value = SqliteTime.ToStored(a.StartedAt);
                p[6].Value = SqliteTime.ToStored(a.EndedAt);
                p[7].Value = (object?)a.Error ?? DBNull.Value;
                p[8].Value = (object?)a.Worker ?? DBNull.Value;
                c.UpsertAttempt.ExecuteNonQuery();
            }
            foreach (var l in batch.Logs)
            {
                var p = c.InsertLog.Parameters;
                p[0].Value = l.RunId;
                p[1].Value = l.TaskId;
                p[2].Value = l.MapIndex;
                p[3].Value = l.Attempt;
                p[4].Value = SqliteTime.ToStored(l.At);
                p[5].Value = l.Stream;
                p[6].Value = l.Text;
                c.InsertLog.ExecuteNonQuery();
            }
            foreach (var r in batch.Runs)
            {
                var p = c.UpdateRun.Parameters;
                p[0].Value = r.RunId;
                p[1].Value = r.State.ToName();
                p[2].Value = SqliteTime.ToStored(r.StartedAt);
                p[3].Value = SqliteTime.ToStored(r.EndedAt);
                p[4].Value = (object?)r.Error ?? DBNull.Value;
                c.UpdateRun.ExecuteNonQuery();
            }
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
