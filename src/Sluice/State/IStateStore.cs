namespace Sluice.State;

/// <summary>
/// Durable state of pipelines and runs. SQLite (embedded default) and PostgreSQL implement it and
/// pass the same contract tests. Who executes a run is decided by a lease in the store, never by
/// an in-memory lock, so a crashed process's run can be taken over by <c>resume</c> or another worker.
/// </summary>
public interface IStateStore : IAsyncDisposable
{
    /// <summary>Creates or migrates the schema. Idempotent.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores a pipeline version unless the same (id, hash) exists.</summary>
    Task SavePipelineVersionAsync(PipelineVersionRecord version, CancellationToken cancellationToken = default);

    /// <summary>A stored version, or null.</summary>
    Task<PipelineVersionRecord?> GetPipelineVersionAsync(string pipelineId, string hash, CancellationToken cancellationToken = default);

    /// <summary>The stored versions of a pipeline, newest first (by when each was first stored), at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<PipelineVersionRecord>> ListPipelineVersionsAsync(string pipelineId, int limit, CancellationToken cancellationToken = default);

    /// <summary>Inserts a new run. Fails if the id exists.</summary>
    Task CreateRunAsync(RunRecord run, CancellationToken cancellationToken = default);

    /// <summary>A run, or null.</summary>
    Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Runs matching <paramref name="query"/>, newest first.</summary>
    Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the execution lease of a run when it is free, already ours, or expired at <paramref name="now"/>;
    /// or when <paramref name="stealFrom"/> names the current owner (known dead). Returns false otherwise.
    /// </summary>
    Task<bool> TryAcquireRunLeaseAsync(string runId, string owner, DateTimeOffset now, TimeSpan duration, string? stealFrom = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Admits a run to execute under its pipeline's run limits, across every process sharing the store: takes the run's
    /// lease (as <see cref="TryAcquireRunLeaseAsync"/>) and marks it running, unless <paramref name="refusal"/> refuses it
    /// given the other runs of its pipeline executing now — running with a live lease, or running without a run lease
    /// (executed by <c>sluice worker</c> processes). Counting and taking happen in one serialized transaction (on
    /// PostgreSQL under the advisory lock of pool-limited claims), so two processes never both take the last place.
    /// </summary>
    /// <returns>Null when admitted and leased; otherwise why not (the refusal, or that another live process holds the run).</returns>
    Task<string?> TryAdmitRunAsync(string runId, string owner, DateTimeOffset now, TimeSpan duration, Func<IReadOnlyList<RunRecord>, string?> refusal,
        string? stealFrom = null, CancellationToken cancellationToken = default);

    /// <summary>Extends our lease; false when we no longer hold it.</summary>
    Task<bool> RenewRunLeaseAsync(string runId, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Gives the lease up.</summary>
    Task ReleaseRunLeaseAsync(string runId, string owner, CancellationToken cancellationToken = default);

    /// <summary>All task instance rows of a run.</summary>
    Task<IReadOnlyList<TaskInstanceRecord>> GetTaskInstancesAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The state of every task of each run in <paramref name="runIds"/> (the map index -1 rows only), in one query and
    /// without outputs or errors: what a history grid of many runs needs.
    /// </summary>
    Task<IReadOnlyList<TaskStateCell>> GetTaskStatesAsync(IReadOnlyList<string> runIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// A page of the item rows of a mapped task (filtered by state, keyset-paged by item index) with the task's item
    /// counts per state: what a view of a <c>for_each</c> task with many thousands of items needs, without reading them all.
    /// </summary>
    Task<TaskItemPage> GetTaskItemsAsync(TaskItemQuery query, CancellationToken cancellationToken = default);

    /// <summary>Attempts of a run, optionally of one task, in start order.</summary>
    Task<IReadOnlyList<AttemptRecord>> GetAttemptsAsync(string runId, string? taskId = null, CancellationToken cancellationToken = default);

    /// <summary>Log lines of a run (optionally one task) with sequence above <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<LogRecord>> GetLogsAsync(string runId, string? taskId = null, long afterSequence = 0, int limit = 10_000, CancellationToken cancellationToken = default);

    /// <summary>The datasets read and written by succeeded attempts: of a run (in task order), or touching a dataset (newest first).</summary>
    Task<IReadOnlyList<Lineage.LineageRecord>> GetLineageAsync(Lineage.LineageQuery query, CancellationToken cancellationToken = default);
    /// <summary>The source marks of a task of a pipeline (see <see cref="SourceMarkRecord"/>), in source-key order.</summary>
    Task<IReadOnlyList<SourceMarkRecord>> GetSourceMarksAsync(string pipelineId, string taskId, CancellationToken cancellationToken = default);

    /// <summary>Deletes every source mark of a pipeline (a full refresh); returns how many there were.</summary>
    Task<int> ClearSourceMarksAsync(string pipelineId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records an SLA miss on its run; returns false, changing nothing, when the same run, task, item and kind has one
    /// already (so a miss noticed twice, by two watchers or after a restart, is stored and alerted once).
    /// </summary>
    Task<bool> RecordSlaMissAsync(SlaMissRecord miss, CancellationToken cancellationToken = default);

    /// <summary>The SLA misses of a run, in the order they were noticed.</summary>
    Task<IReadOnlyList<SlaMissRecord>> GetSlaMissesAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Commits every change in <paramref name="batch"/> atomically.</summary>
    Task CommitAsync(StateBatch batch, CancellationToken cancellationToken = default);
}
