using Sluice.Distributed;
using Sluice.Postgres.Distributed;
using Sluice.State;

namespace Sluice.Postgres.State;

/// <summary>The work queue of distributed runs and the task queue; see <see cref="PostgresWorkQueue"/>.</summary>
public sealed partial class PostgresStateStore : IWorkStore, ICancelNotifications
{
    private PostgresWorkQueue? _queue;

    private PostgresWorkQueue Queue
    {
        get
        {
            _database.EnsureInitialized();
            return LazyInitializer.EnsureInitialized(ref _queue, () => new PostgresWorkQueue(_database.DataSource, _database.Policy, _database.Options));
        }
    }

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

    /// <inheritdoc />
    public Task WaitForCancelAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => Queue.WaitForCancelAsync(timeout, cancellationToken);
}
