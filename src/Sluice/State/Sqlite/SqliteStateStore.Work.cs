using Microsoft.Data.Sqlite;
using Sluice.Distributed;
using Sluice.Distributed.Sqlite;

namespace Sluice.State.Sqlite;

/// <summary>The work queue of distributed runs and the task queue; see <see cref="SqliteWorkQueue"/>.</summary>
public sealed partial class SqliteStateStore : IWorkStore
{
    private SqliteWorkQueue? _queue;

    private SqliteWorkQueue Queue => LazyInitializer.EnsureInitialized(ref _queue, () => new SqliteWorkQueue(this));

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction on the store's writer connection. The transaction
    /// starts with <c>BEGIN IMMEDIATE</c>, so other processes on the same file wait (busy timeout) instead of racing.
    /// </summary>
    internal async Task<T> WriteTransactionAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var tx = Writer.BeginTransaction(deferred: false);
            var result = await work(Writer, tx).ConfigureAwait(false);
            tx.Commit();
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Applies a state batch inside a transaction (of <see cref="CommitAsync"/> or <see cref="WriteTransactionAsync"/>).</summary>
    internal void ApplyBatch(StateBatch batch, SqliteTransaction tx)
    {
        var c = _commit ?? throw new InvalidOperationException("Call InitializeAsync before using the store.");
        Bind(c, tx);
        foreach (var t in batch.Tasks)
        {
            var p = c.UpsertTask.Parameters;
            (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value) = (t.RunId, t.TaskId, t.MapIndex, t.State.ToName(), t.Attempt);
            (p[5].Value, p[6].Value, p[7].Value) = ((object?)t.MapCount ?? DBNull.Value, SqliteTime.ToStored(t.StartedAt), SqliteTime.ToStored(t.EndedAt));
            (p[8].Value, p[9].Value) = ((object?)t.Error ?? DBNull.Value, (object?)t.OutputsJson ?? DBNull.Value);
            c.UpsertTask.ExecuteNonQuery();
        }
        foreach (var a in batch.Attempts)
        {
            var p = c.UpsertAttempt.Parameters;
            (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value) = (a.RunId, a.TaskId, a.MapIndex, a.Attempt, a.State.ToName());
            (p[5].Value, p[6].Value, p[7].Value, p[8].Value) = (SqliteTime.ToStored(a.StartedAt), SqliteTime.ToStored(a.EndedAt), (object?)a.Error ?? DBNull.Value, (object?)a.Worker ?? DBNull.Value);
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
    }

    /// <summary>Opens a pooled read connection (WAL: reads never block the writer).</summary>
    internal Task<SqliteConnection> OpenReadConnectionAsync(CancellationToken cancellationToken) => OpenReaderAsync(cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ClaimedWork>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken = default) => Queue.ClaimAsync(request, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<long>> RenewLeasesAsync(string owner, IReadOnlyList<long> ids, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        Queue.RenewLeasesAsync(owner, ids, until, cancellationToken);

    /// <inheritdoc />
    public Task<int> RequeueExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => Queue.RequeueExpiredAsync(now, cancellationToken);

    /// <inheritdoc />
    public Task<int> AbandonLeasesAsync(string owner, DateTimeOffset now, CancellationToken cancellationToken = default) => Queue.AbandonLeasesAsync(owner, now, cancellationToken);

    /// <inheritdoc />
    public Task<TResult> InTransactionAsync<TState, TResult>(TState state, Func<IWorkTransaction, TState, CancellationToken, Task<TResult>> work, CancellationToken cancellationToken = default) =>
        Queue.InTransactionAsync(state, work, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TaskInstanceRecord>> GetTaskRowsAsync(string runId, IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken = default) =>
        Queue.GetTaskRowsAsync(runId, taskIds, cancellationToken);

    /// <inheritdoc />
    public Task<string?> GetMapItemsAsync(string runId, string taskId, CancellationToken cancellationToken = default) => Queue.GetMapItemsAsync(runId, taskId, cancellationToken);

    /// <inheritdoc />
    public Task<JobRecord?> GetJobAsync(long id, CancellationToken cancellationToken = default) => Queue.GetJobAsync(id, cancellationToken);

    /// <inheritdoc />
    public Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => Queue.WaitForWorkAsync(timeout, cancellationToken);
}
