namespace Sluice.Retention;

/// <summary>
/// Deletion primitives for <see cref="RetentionPurger"/>: each call is one short transaction on a small
/// batch, so purging never holds locks that block active runs for long. Both state stores implement it.
/// </summary>
public interface IRetentionStore
{
    /// <summary>Final runs that ended before <paramref name="cutoff"/>, oldest first, after the keyset cursor (<paramref name="afterEnded"/>, <paramref name="afterRunId"/>).</summary>
    Task<IReadOnlyList<EndedRun>> ListEndedRunsAsync(DateTimeOffset cutoff, DateTimeOffset? afterEnded, string? afterRunId, int limit, CancellationToken cancellationToken = default);

    /// <summary>Deletes runs with everything they own (task instances, attempts, logs, queued work, counters) in one transaction.</summary>
    Task<PurgeCounts> DeleteRunsAsync(IReadOnlyList<string> runIds, CancellationToken cancellationToken = default);

    /// <summary>Deletes the log lines of runs in one transaction; returns how many.</summary>
    Task<long> DeleteLogsAsync(IReadOnlyList<string> runIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns the space of deleted rows. SQLite: without <paramref name="full"/>, free pages go back to the file system
    /// (<c>PRAGMA incremental_vacuum</c>, on stores created with incremental auto-vacuum) and the WAL is truncated; with
    /// it, <c>VACUUM</c> rewrites the file (and turns incremental auto-vacuum on for a store created before it).
    /// PostgreSQL: nothing without <paramref name="full"/> (autovacuum reuses the space); with it,
    /// <c>VACUUM (ANALYZE)</c> on Sluice's tables.
    /// </summary>
    Task ReclaimSpaceAsync(bool full, CancellationToken cancellationToken = default);

    /// <summary>Deletes up to <paramref name="limit"/> finished queue jobs that ended before <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> DeleteJobsAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken = default);
}
