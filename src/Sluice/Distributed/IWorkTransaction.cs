using Sluice.State;

namespace Sluice.Distributed;

/// <summary>
/// Set-based operations inside one <see cref="IWorkStore.InTransactionAsync"/> transaction. Counters are
/// updated atomically (row locks), so when two workers finish the last two dependencies of a task at
/// once, exactly one of them sees the count reach zero and makes it ready.
/// </summary>
public interface IWorkTransaction
{
    /// <summary>
    /// Removes task items still leased by <paramref name="owner"/>; returns those removed (others were lost), each
    /// with the cancel reason of its run when the run is being cancelled.
    /// </summary>
    Task<IReadOnlyList<ReleasedWork>> ReleaseAsync(string owner, IReadOnlyList<long> ids, CancellationToken cancellationToken);

    /// <summary>
    /// Among <paramref name="ids"/> leased by <paramref name="owner"/>, the items whose run is being cancelled,
    /// with the reason. (<see cref="IWorkStore.RenewLeasesAsync"/> renews them but does not return them.)
    /// </summary>
    Task<IReadOnlyList<ReleasedWork>> GetStoppingAsync(string owner, IReadOnlyList<long> ids, CancellationToken cancellationToken);

    /// <summary>
    /// Locks a distributed run's row for the rest of the transaction and returns its state; null when no run
    /// with work-queue counters has this id (it does not exist, or it was not started for workers).
    /// </summary>
    Task<RunState?> LockRunAsync(string runId, CancellationToken cancellationToken);

    /// <summary>
    /// Cancels the work of a run: its leased items are told to stop (they keep their lease, are never
    /// re-queued, and carry <paramref name="reason"/>; workers are notified), and its queued items are removed.
    /// When the run's items were told to stop before, nothing changes.
    /// </summary>
    Task<RunWorkStop> StopRunWorkAsync(string runId, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// Stops a mapped task from releasing further items: only its <paramref name="running"/> items are still
    /// awaited, and every other unfinished item counts as failed.
    /// </summary>
    Task StopMapAsync(string runId, string taskId, int running, CancellationToken cancellationToken);

    /// <summary>
    /// Removes items told to stop whose lease expired before <paramref name="now"/> (their worker died while
    /// stopping them), optionally of one run, and returns them: they are recorded cancelled, not re-queued.
    /// </summary>
    Task<IReadOnlyList<StrandedWork>> TakeStrandedAsync(DateTimeOffset now, string? runId, CancellationToken cancellationToken);

    /// <summary>Writes task instances, attempts, logs and run rows, as <see cref="IStateStore.CommitAsync"/> does.</summary>
    Task WriteAsync(StateBatch batch, CancellationToken cancellationToken);

    /// <summary>Inserts a run with its progress counters: one per task, and one for the run.</summary>
    Task CreateRunAsync(RunRecord run, IReadOnlyList<TaskDependencies> tasks, CancellationToken cancellationToken);

    /// <summary>Queues task items and wakes idle workers when the transaction commits.</summary>
    Task InsertWorkAsync(IReadOnlyList<NewWorkItem> items, CancellationToken cancellationToken);

    /// <summary>Subtracts finished dependencies; returns the dependencies each task still waits for.</summary>
    Task<IReadOnlyDictionary<string, int>> DecrementDependenciesAsync(string runId, IReadOnlyDictionary<string, int> finished, CancellationToken cancellationToken);

    /// <summary>Records the expansion of a mapped task: its items (JSON array) and how many are released at once.</summary>
    Task StartMapAsync(string runId, string taskId, string itemsJson, int itemCount, int released, CancellationToken cancellationToken);

    /// <summary>Counts finished items of a mapped task and releases as many further items as finished.</summary>
    Task<MapProgress> AdvanceMapAsync(string runId, string taskId, int finished, int failed, CancellationToken cancellationToken);

    /// <summary>
    /// True when <see cref="CountItemsAtCommit"/> may be used in this transaction. The SQLite store returns false
    /// (one writer at a time: a counter row is never waited for); the PostgreSQL store returns true, except when the
    /// transaction runs again because such a count turned out to be the task's last.
    /// </summary>
    bool CountsAtCommit { get; }

    /// <summary>
    /// Counts finished items of a mapped task whose items are all released, as the last statement before the commit:
    /// every completion of a fan-out counts on the task's one counter row, which then stays locked only while the
    /// commit is written instead of for the rest of the transaction. The items must not be the task's last: when
    /// they are (or items are still to be released), the commit fails and the unit runs again with
    /// <see cref="CountsAtCommit"/> false, counting with <see cref="AdvanceMapAsync"/>, which tells that the task ended.
    /// </summary>
    void CountItemsAtCommit(string runId, string taskId, int finished, int failed);

    /// <summary>Counts final tasks of a run.</summary>
    Task<RunProgress> AdvanceRunAsync(string runId, int finished, int failed, CancellationToken cancellationToken);

    /// <summary>The rows (map index -1) of <paramref name="taskIds"/>, as this transaction sees them.</summary>
    Task<IReadOnlyList<TaskInstanceRecord>> GetTaskRowsAsync(string runId, IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken);

    /// <summary>The item rows of a mapped task, by map index.</summary>
    Task<IReadOnlyList<TaskInstanceRecord>> GetItemRowsAsync(string runId, string taskId, CancellationToken cancellationToken);

    /// <summary>Inserts queue jobs, in order; returns their ids. A job whose dependency already failed is inserted failed.</summary>
    /// <exception cref="ArgumentException">A dependency names no job.</exception>
    Task<IReadOnlyList<long>> InsertJobsAsync(IReadOnlyList<NewJob> jobs, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Applies job outcomes whose lease <paramref name="owner"/> still holds; jobs depending on a succeeded job
    /// count it, and those depending on a failed one fail too (transitively). Returns the ids applied.
    /// </summary>
    Task<IReadOnlyList<long>> FinishJobsAsync(string owner, IReadOnlyList<JobCompletion> completions, DateTimeOffset now, CancellationToken cancellationToken);
}
