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
