using Sluice.Scheduling.Backfill;

namespace Sluice.Scheduling.Storage;

/// <summary>
/// The scheduler's durable state: per trigger the last fired logical date, every recorded fire with its
/// delivery state, and resumable backfills. Implemented on SQLite (<see cref="Sqlite.Scheduling.SqliteScheduleStore"/>) and on
/// PostgreSQL (<c>Sluice.Postgres.Scheduling.PostgresScheduleStore</c>), with the same semantics.
/// </summary>
/// <remarks>
/// Exactly once per (pipeline, trigger, logical date): <see cref="RecordFireAsync"/> records a fire under
/// that unique key and returns true only to the caller that recorded it, so two schedulers sharing one
/// store (a leader and a stale leader during a failover) never both deliver a fresh fire. A fire is
/// recorded before it is delivered and stays pending until <see cref="CompleteFireAsync"/>.
/// </remarks>
public interface IScheduleStore : IAsyncDisposable
{
    /// <summary>Connects and creates or migrates the tables. Idempotent.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns the cursor of a trigger, creating it with <paramref name="now"/> as registration time when the
    /// trigger is new (a new trigger starts from now: it never fires dates before it was first seen).
    /// </summary>
    Task<ScheduleCursor> RegisterTriggerAsync(string pipelineId, int triggerIndex, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The cursor of a trigger, or null when no scheduler ever saw it.</summary>
    Task<ScheduleCursor?> GetCursorAsync(string pipelineId, int triggerIndex, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records <paramref name="fire"/> as about to be delivered and moves the trigger's last fired date to
    /// its logical date (never backwards), in one transaction. Returns false, changing nothing, when that
    /// fire was already recorded (by this or another scheduler).
    /// </summary>
    Task<bool> RecordFireAsync(ScheduledFire fire, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Notes that a pending fire is being delivered again (its <see cref="ScheduledFire.Attempt"/> becomes the attempt count; never lowered).</summary>
    Task RecordRedeliveryAsync(ScheduledFire fire, CancellationToken cancellationToken = default);

    /// <summary>Marks a fire delivered: the host's callback completed. It will not be delivered again.</summary>
    Task CompleteFireAsync(ScheduledFire fire, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Keeps the reason a delivery failed; the fire stays pending.</summary>
    Task RecordFailureAsync(ScheduledFire fire, string errorMessage, CancellationToken cancellationToken = default);

    /// <summary>Fires recorded but not completed, oldest first per trigger; each carries the number of its next delivery.</summary>
    Task<IReadOnlyList<ScheduledFire>> GetPendingFiresAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a dataset-triggered run as owed, unless one was recorded for the same (pipeline, updating run): returns
    /// true only to the caller that recorded it, so each update starts the pipeline once.
    /// </summary>
    Task<bool> RecordDatasetFireAsync(DatasetFire fire, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Marks a dataset fire delivered: its run was started.</summary>
    Task CompleteDatasetFireAsync(DatasetFire fire, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Dataset fires recorded but not delivered (a restart delivers them), oldest first.</summary>
    Task<IReadOnlyList<DatasetFire>> GetPendingDatasetFiresAsync(CancellationToken cancellationToken = default);

    /// <summary>The dataset fires of a pipeline, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<DatasetFire>> ListDatasetFiresAsync(string pipelineId, int limit = 1000, CancellationToken cancellationToken = default);

    /// <summary>Recorded fires of a pipeline (optionally one trigger), newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<FireRecord>> ListFiresAsync(string pipelineId, int? triggerIndex = null, int limit = 1000, CancellationToken cancellationToken = default);

    /// <summary>Deletes completed fires recorded before <paramref name="before"/> (retention); returns how many. Cursors are kept.</summary>
    Task<int> PurgeCompletedFiresAsync(DateTimeOffset before, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a backfill of <paramref name="dates"/> under <paramref name="id"/>, or returns the existing one
    /// with that id so an interrupted backfill resumes where it stopped.
    /// </summary>
    /// <exception cref="Diagnostics.SluiceException">A backfill with that id exists for a different pipeline, trigger or range.</exception>
    Task<BackfillRecord> CreateOrResumeBackfillAsync(string id, string pipelineId, int triggerIndex, DateTimeOffset rangeFrom, DateTimeOffset rangeTo, IReadOnlyList<DateTimeOffset> dates, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>A backfill, or null.</summary>
    Task<BackfillRecord?> GetBackfillAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Marks one date of a backfill as run. Returns false when the backfill has no such date.</summary>
    Task<bool> MarkBackfillDateDoneAsync(string id, DateTimeOffset logicalDate, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The backfills of a pipeline, newest first.</summary>
    Task<IReadOnlyList<BackfillRecord>> ListBackfillsAsync(string pipelineId, CancellationToken cancellationToken = default);
}
