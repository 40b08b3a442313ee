using Microsoft.Data.Sqlite;
using Sluice.Sqlite.Connection;
using Sluice.State;

namespace Sluice.Sqlite.State;

public sealed partial class SqliteStateStore
{
    /// <inheritdoc />
    public Task CommitAsync(StateBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.IsEmpty)
        {
            return Task.CompletedTask;
        }
        return _db.WriteTransactionAsync((_, tx) =>
        {
            ApplyBatch(batch, tx);
            return true;
        }, cancellationToken);
    }

    /// <summary>Applies a state batch inside a transaction (of <see cref="CommitAsync"/> or a work transaction).</summary>
    internal void ApplyBatch(StateBatch batch, SqliteTransaction tx)
    {
        var c = _commit ?? throw new InvalidOperationException("Call InitializeAsync before using the store.");
        c.Bind(tx);
        foreach (var t in batch.Tasks)
        {
            var p = c.UpsertTask.Parameters;
            (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value) = (t.RunId, t.TaskId, t.MapIndex, t.State.ToName(), t.Attempt);
            (p[5].Value, p[6].Value, p[7].Value) = ((object?)t.MapCount ?? DBNull.Value, SqliteTime.ToStored(t.StartedAt), SqliteTime.ToStored(t.EndedAt));
            (p[8].Value, p[9].Value, p[10].Value) = ((object?)t.Error ?? DBNull.Value, (object?)t.OutputsJson ?? DBNull.Value, t.RetryBase);
            c.UpsertTask.ExecuteNonQuery();
        }
        foreach (var a in batch.Attempts)
        {
            var p = c.UpsertAttempt.Parameters;
            (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value) = (a.RunId, a.TaskId, a.MapIndex, a.Attempt, a.State.ToName());
            (p[5].Value, p[6].Value, p[7].Value, p[8].Value) = (SqliteTime.ToStored(a.StartedAt), SqliteTime.ToStored(a.EndedAt), (object?)a.Error ?? DBNull.Value, (object?)a.Worker ?? DBNull.Value);
            var u = a.Usage;
            (p[9].Value, p[10].Value, p[11].Value, p[12].Value) = u is null
                ? ((object)DBNull.Value, (object)DBNull.Value, (object)DBNull.Value, (object)DBNull.Value)
                : (u.CpuTime.Ticks / TimeSpan.TicksPerMicrosecond, u.PeakMemoryBytes, u.BytesRead, u.BytesWritten);
            c.UpsertAttempt.ExecuteNonQuery();
        }
        foreach (var l in batch.Logs)
        {
            var p = c.InsertLog.Parameters;
            (p[0].Value, p[1].Value, p[2].Value, p[3].Value) = (l.RunId, l.TaskId, l.MapIndex, l.Attempt);
            (p[4].Value, p[5].Value, p[6].Value) = (SqliteTime.ToStored(l.At), l.Stream, l.Text);
            c.InsertLog.ExecuteNonQuery();
        }
        foreach (var r in batch.Runs)
        {
            var p = c.UpdateRun.Parameters;
            (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value) = (r.RunId, r.State.ToName(), SqliteTime.ToStored(r.StartedAt), SqliteTime.ToStored(r.EndedAt), (object?)r.Error ?? DBNull.Value);
            p[5].Value = (object?)r.ResultJson ?? DBNull.Value;
            c.UpdateRun.ExecuteNonQuery();
        }
        InsertLineage(batch.Lineage, tx);
        foreach (var m in batch.Marks)
        {
            var p = c.UpsertMark.Parameters;
            (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value, p[5].Value) = (m.PipelineId, m.TaskId, m.SourceKey, m.Value, m.RunId, SqliteTime.ToStored(m.UpdatedAt));
            c.UpsertMark.ExecuteNonQuery();
        }
    }
}
