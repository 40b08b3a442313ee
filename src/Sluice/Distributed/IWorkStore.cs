using Sluice.State;

namespace Sluice.Distributed;

/// <summary>
/// The durable work queue shared by workers: ready items are leased in batches (PostgreSQL:
/// <c>FOR UPDATE SKIP LOCKED</c>; SQLite: one writer at a time), leases are renewed by heartbeat and
/// re-queued when they expire, and outcomes are applied in one transaction with the state changes
/// they cause. The SQLite and PostgreSQL state stores implement it.
/// </summary>
public interface IWorkStore
{
    /// <summary>
    /// Leases up to <see cref="ClaimRequest.Max"/> ready items, highest priority first, then oldest. For
    /// task items the task instance is marked running and a running attempt row is written, in the same transaction.
    /// </summary>
    Task<IReadOnlyList<ClaimedWork>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Extends the leases of <paramref name="ids"/> that <paramref name="owner"/> still holds to <paramref name="until"/>;
    /// returns those ids, except items whose run is being cancelled: they are renewed too (their attempts are
    /// stopping) but left out, so a missing id means "lost or told to stop" (see <see cref="IWorkTransaction.GetStoppingAsync"/>).
    /// </summary>
    Task<IReadOnlyList<long>> RenewLeasesAsync(string owner, IReadOnlyList<long> ids, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>
    /// Puts items whose lease expired before <paramref name="now"/> back in the queue: the attempt of the dead
    /// worker is recorded as lost (<c>up_for_retry</c>) and the next claim starts a new attempt. Returns how many.
    /// Items of a run being cancelled are left alone (see <see cref="IWorkTransaction.TakeStrandedAsync"/>).
    /// </summary>
    Task<int> RequeueExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Ends every lease of <paramref name="owner"/> now (a worker shutting down) so the items are re-queued at once.</summary>
    Task<int> AbandonLeasesAsync(string owner, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction and commits it. After a transient failure (lost connection)
    /// the whole unit runs again on a new connection, so <paramref name="work"/> must decide from what it reads.
    /// </summary>
    Task<TResult> InTransactionAsync<TState, TResult>(TState state, Func<IWorkTransaction, TState, CancellationToken, Task<TResult>> work, CancellationToken cancellationToken = default);

    /// <summary>The rows (map index -1) of <paramref name="taskIds"/> in a run.</summary>
    Task<IReadOnlyList<TaskInstanceRecord>> GetTaskRowsAsync(string runId, IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken = default);

    /// <summary>The item list (JSON array) a mapped task was expanded with, or null.</summary>
    Task<string?> GetMapItemsAsync(string runId, string taskId, CancellationToken cancellationToken = default);

    /// <summary>A queue job, or null.</summary>
    Task<JobRecord?> GetJobAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Completes when new work may be available (a notification) or after <paramref name="timeout"/>.</summary>
    Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken = default);
}
