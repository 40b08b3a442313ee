using Sluice.Distributed;
using Sluice.Quality;
using Sluice.Retention;
using Sluice.Scheduling.Storage;
using Sluice.State;

namespace Sluice.Stores;

/// <summary>
/// One opened store — everything a host needs from where Sluice keeps its state: runs and tasks, the work queue of
/// distributed runs and the task queue, retention, schedules, quality history, and where artifacts go. Opened by
/// <c>SqliteStore.OpenAsync</c> (one embedded file) or <c>PostgresStore.OpenAsync</c> (a database shared by many
/// processes); <see cref="State"/> is initialized, <see cref="Schedules"/> and <see cref="QualityHistory"/> create
/// their tables on first use. Disposing it closes every part.
/// </summary>
/// <remarks>Built only by the store implementations; hosts take the parts they need from it.</remarks>
public sealed class SluiceStore : IAsyncDisposable
{
    /// <summary>Runs, task instances, attempts, logs and pipeline versions.</summary>
    public required IStateStore State { get; init; }

    /// <summary>The durable work queue that distributed workers and the task queue share.</summary>
    public required IWorkStore Work { get; init; }

    /// <summary>Deletes old runs, logs and jobs (<c>sluice db purge</c>).</summary>
    public required IRetentionStore Retention { get; init; }

    /// <summary>Trigger cursors, recorded fires and backfills.</summary>
    public required IScheduleStore Schedules { get; init; }

    /// <summary>Quality results per run, for trends (<c>analyze_data_quality</c>).</summary>
    public required QualityHistory QualityHistory { get; init; }

    /// <summary>Checkpoints of streaming tasks (source offsets, operator and sink state), read when a task resumes.</summary>
    public required Streaming.CheckpointStore Checkpoints { get; init; }

    /// <summary>What operators did (the audit trail) and the pipelines whose schedules they paused.</summary>
    public required Operators.OperatorRecords Operators { get; init; }

    /// <summary>Records not owned by runs that retention deletes by age: the quality history (lineage or checkpoints would join it).</summary>
    public IReadOnlyList<IAgedRecords> AgedRecords => [QualityHistory];

    /// <summary>The folder under which runs write their artifacts (one folder per run).</summary>
    public required string ArtifactRoot { get; init; }

    /// <summary>
    /// Local files and object stores, with the artifact store when artifacts are published to one (an
    /// <c>s3://</c> artifact root); its cache of remote objects is under <see cref="ArtifactRoot"/>.
    /// </summary>
    public Files.FileStorage Storage { get; init; } = Files.FileStorage.Local;

    /// <summary>Where the store is, for people: <c>SQLite /path/sluice.db</c> or <c>PostgreSQL host:port/database (user)</c>, never a password.</summary>
    public required string Description { get; init; }

    /// <summary>Resources the parts share (a connection pool), released after them; empty when each part owns its own.</summary>
    public IReadOnlyList<IAsyncDisposable> Shared { get; init; } = [];

    /// <inheritdoc />
    public override string ToString() => Description;

    /// <summary>Closes the operator records, the quality history, the checkpoints, the schedules, the state store and what they share, in that order.</summary>
    public async ValueTask DisposeAsync()
    {
        await Operators.DisposeAsync().ConfigureAwait(false);
        await QualityHistory.DisposeAsync().ConfigureAwait(false);
        await Checkpoints.DisposeAsync().ConfigureAwait(false);
        await Schedules.DisposeAsync().ConfigureAwait(false);
        await State.DisposeAsync().ConfigureAwait(false);
        foreach (var shared in Shared)
        {
            await shared.DisposeAsync().ConfigureAwait(false);
        }
    }
}
