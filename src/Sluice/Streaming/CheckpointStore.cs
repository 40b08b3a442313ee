namespace Sluice.Streaming;

/// <summary>
/// Where streaming tasks commit their checkpoints (<see cref="StreamCheckpoint"/>), so a task resumed after a crash
/// continues from the last one. Each store has one (SQLite: a table in the state file; PostgreSQL: a table in the shared
/// database), reached through <see cref="Stores.SluiceStore.Checkpoints"/>; both pass the same contract tests. Thread-safe.
/// </summary>
public abstract class CheckpointStore : IAsyncDisposable
{
    /// <summary>
    /// Commits <paramref name="checkpoint"/> in one transaction and deletes the task's checkpoints older than the last
    /// <paramref name="keep"/>. Committing a sequence that is already stored replaces it (a repeated commit is harmless).
    /// </summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="keep">How many checkpoints of the task to keep, at least 1. The default is 3.</param>
    /// <param name="cancellationToken">Cancels the commit (nothing is stored then).</param>
    public Task SaveAsync(StreamCheckpoint checkpoint, int keep = 3, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return SaveCoreAsync(checkpoint, Math.Max(1, keep), cancellationToken);
    }

    /// <summary>The task's newest checkpoint in the run, or null when it has none.</summary>
    public Task<StreamCheckpoint?> LatestAsync(string runId, string taskId, int mapIndex = -1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(taskId);
        return LatestCoreAsync(runId, taskId, mapIndex, cancellationToken);
    }

    /// <summary>
    /// The task instances that committed a checkpoint at or after <paramref name="since"/>, in any process sharing the
    /// store (a <c>sluice worker</c> on the same database): how a server finds streams it does not run itself.
    /// </summary>
    /// <param name="since">The earliest commit time of interest.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public Task<IReadOnlyList<CheckpointedTask>> CommittedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        CommittedSinceCoreAsync(since, cancellationToken);

    /// <summary>Lists the task instances with a checkpoint committed at or after <paramref name="since"/>.</summary>
    protected abstract Task<IReadOnlyList<CheckpointedTask>> CommittedSinceCoreAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// One member's heartbeat in leasing the partitions of a task instance's partitioned source, in one transaction:
    /// renews its membership and its leases, gives it unowned or expired partitions up to its fair share
    /// (<see cref="PartitionBalance"/>), and names those over its share, which it keeps until it releases them. A
    /// member that stops calling (a killed worker) loses its membership and leases after <c>Duration</c>; the others
    /// take its partitions on their next turn.
    /// </summary>
    /// <param name="request">Who asks, for which partitions, for how long.</param>
    /// <param name="cancellationToken">Cancels the turn (nothing changes then).</param>
    public Task<PartitionAssignment> BalanceLeasesAsync(PartitionLeaseRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return BalanceLeasesCoreAsync(request, cancellationToken);
    }

    /// <summary>
    /// Gives up <paramref name="partitions"/> held by the request's member (after it stopped reading them and their last
    /// checkpoint is in the store), so another member takes them over at once instead of after the lease expires.
    /// </summary>
    /// <param name="request">The member and task instance.</param>
    /// <param name="partitions">The partitions to give up; those the member does not hold are ignored.</param>
    /// <param name="cancellationToken">Cancels the release (the leases then expire).</param>
    public Task ReleaseLeasesAsync(PartitionLeaseRequest request, IReadOnlyList<string> partitions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(partitions);
        return ReleaseLeasesCoreAsync(request, partitions, cancellationToken);
    }

    /// <summary>Runs one member's lease turn in one transaction that serializes turns of the same task instance.</summary>
    protected abstract Task<PartitionAssignment> BalanceLeasesCoreAsync(PartitionLeaseRequest request, CancellationToken cancellationToken);

    /// <summary>Clears the member's ownership of the partitions.</summary>
    protected abstract Task ReleaseLeasesCoreAsync(PartitionLeaseRequest request, IReadOnlyList<string> partitions, CancellationToken cancellationToken);

    /// <summary>Stores the checkpoint and prunes older ones, in one transaction.</summary>
    protected abstract Task SaveCoreAsync(StreamCheckpoint checkpoint, int keep, CancellationToken cancellationToken);

    /// <summary>Reads the newest checkpoint.</summary>
    protected abstract Task<StreamCheckpoint?> LatestCoreAsync(string runId, string taskId, int mapIndex, CancellationToken cancellationToken);

    /// <summary>Releases connections the store holds; the default holds none.</summary>
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
