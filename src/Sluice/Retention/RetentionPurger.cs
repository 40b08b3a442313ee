namespace Sluice.Retention;

/// <summary>
/// Keeps the store bounded (<c>sluice db purge</c>, <see cref="RetentionService"/>): deletes final runs older
/// than the retention with everything they own, older logs and artifact folders, and finished queue jobs —
/// in small batches, one short transaction each, so active runs keep going meanwhile.
/// </summary>
public sealed class RetentionPurger
{
    private readonly IRetentionStore _store;
    private readonly RetentionOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates a purger on <paramref name="store"/> (a store's <c>SluiceStore.Retention</c>).</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public RetentionPurger(IRetentionStore store, RetentionOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _store = store;
        _options = options;
        _time = time ?? TimeProvider.System;
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
            total += await _store.DeleteRunsAsync([.. runs.Select(static r => r.RunId)], cancellationToken).ConfigureAwait(false);
        }
        int jobs;
        do
        {
            jobs = await _store.DeleteJobsAsync(now - _options.JobsMaxAge, _options.BatchSize * 10, cancellationToken).ConfigureAwait(false);
            total += new PurgeCounts(0, 0, 0, jobs);
        }
        while (jobs > 0);
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
