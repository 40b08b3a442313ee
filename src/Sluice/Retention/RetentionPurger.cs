namespace Sluice.Retention;

/// <summary>
/// Keeps the store bounded (<c>sluice db purge</c>, <c>sluice db archive</c>, <see cref="RetentionService"/>): deletes
/// final runs older than the retention with everything they own (optionally writing them to a <see cref="RunArchive"/>
/// first), older logs and artifact folders, finished queue jobs and aged records such as the quality history — in small
/// batches, one short transaction each, so active runs keep going meanwhile — then returns the space to the file system
/// (<see cref="IRetentionStore.ReclaimSpaceAsync"/>).
/// </summary>
public sealed class RetentionPurger
{
    private readonly IRetentionStore _store;
    private readonly RetentionOptions _options;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<IAgedRecords> _records;
    private readonly RunArchive? _archive;

    /// <summary>Creates a purger on <paramref name="store"/> (a store's <c>SluiceStore.Retention</c>).</summary>
    /// <param name="store">The store's retention primitives.</param>
    /// <param name="options">The retention.</param>
    /// <param name="time">The clock; the default is the system clock.</param>
    /// <param name="records">Records not owned by runs to delete by age (a store's <c>SluiceStore.AgedRecords</c>); the default is none.</param>
    /// <param name="archive">Where runs are written before they are deleted, or null to delete them only.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public RetentionPurger(IRetentionStore store, RetentionOptions options, TimeProvider? time = null, IEnumerable<IAgedRecords>? records = null, RunArchive? archive = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _store = store;
        _options = options;
        _time = time ?? TimeProvider.System;
        _records = [.. records ?? []];
        _archive = archive;
    }

    /// <summary>Purges everything past its retention now; with <paramref name="dryRun"/>, only counts the runs and folders that would go.</summary>
    public async Task<PurgeCounts> PurgeAsync(bool dryRun = false, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var total = default(PurgeCounts);
        // Artifacts and logs first: they may have shorter retentions, and a run's folder must go before its row
        // (once the row is gone nothing points at the folder any more).
        var artifactsCutoff = now - (_options.ArtifactsMaxAge ?? _options.RunsMaxAge);
        if (_options.ArtifactRoot is { } root)
        {
            await ForEachBatchAsync(artifactsCutoff, batch =>
            {
                total += new PurgeCounts(0, 0, 0, 0, DeleteFolders(root, batch, dryRun));
                return Task.CompletedTask;
            }, cancellationToken).ConfigureAwait(false);
        }
        if (_options.LogsMaxAge is { } logsAge && !dryRun)
        {
            await ForEachBatchAsync(now - logsAge, async batch => total += new PurgeCounts(0, 0, await _store.DeleteLogsAsync(batch, cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
        }
        var runsCutoff = now - _options.RunsMaxAge;
        if (dryRun)
        {
            await ForEachBatchAsync(runsCutoff, batch =>
            {
                total += new PurgeCounts(batch.Count, 0, 0);
                return Task.CompletedTask;
            }, cancellationToken).ConfigureAwait(false);
            return total;
        }
        while (true)
        {
            // Always the oldest batch: the previous one is gone, so no cursor is needed.
            var runs = await _store.ListEndedRunsAsync(runsCutoff, null, null, _options.BatchSize, cancellationToken).ConfigureAwait(false);
            if (runs.Count == 0)
            {
                break;
            }
            var ids = runs.Select(static r => r.RunId).ToList();
            if (_archive is not null)
            {
                total += new PurgeCounts(0, 0, 0, Archived: await _archive.WriteAsync(ids, cancellationToken).ConfigureAwait(false));
            }
            total += await _store.DeleteRunsAsync(ids, cancellationToken).ConfigureAwait(false);
        }
        foreach (var records in _records)
        {
            long n;
            do
            {
                n = await records.DeleteOlderThanAsync(now - records.MaxAge(_options), _options.BatchSize * 10, cancellationToken).ConfigureAwait(false);
                total += new PurgeCounts(0, 0, 0, Records: n);
            }
            while (n > 0);
        }
        int jobs;
        do
        {
            jobs = await _store.DeleteJobsAsync(now - _options.JobsMaxAge, _options.BatchSize * 10, cancellationToken).ConfigureAwait(false);
            total += new PurgeCounts(0, 0, 0, jobs);
        }
        while (jobs > 0);
        if (total.Runs + total.LogLines + total.Jobs + total.Records > 0)
        {
            // Deleted rows leave free pages; without this a SQLite file never shrinks.
            await _store.ReclaimSpaceAsync(full: false, cancellationToken).ConfigureAwait(false);
        }
        return total;
    }

    private async Task ForEachBatchAsync(DateTimeOffset cutoff, Func<List<string>, Task> action, CancellationToken cancellationToken)
    {
        DateTimeOffset? afterEnded = null;
        string? afterRun = null;
        while (true)
        {
            var runs = await _store.ListEndedRunsAsync(cutoff, afterEnded, afterRun, _options.BatchSize, cancellationToken).ConfigureAwait(false);
            if (runs.Count == 0)
            {
                return;
            }
            await action([.. runs.Select(static r => r.RunId)]).ConfigureAwait(false);
            (afterRun, afterEnded) = (runs[^1].RunId, runs[^1].EndedAt);
        }
    }

    private static long DeleteFolders(string root, List<string> runIds, bool dryRun)
    {
        long n = 0;
        foreach (var id in runIds)
        {
            var dir = Path.Combine(root, id);
            if (!Directory.Exists(dir))
            {
                continue;
            }
            n++;
            if (!dryRun)
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        return n;
    }
}
