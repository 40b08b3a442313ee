using System.Globalization;

namespace Sluice.Quality;

/// <summary>
/// Quality results per run, keyed by pipeline, task, run and metric, so trends are queryable: latest value, change
/// against the previous run, average over the last N runs. Recording the same run again (a retry) replaces its values
/// and keeps its place in the order. Each store has one (SQLite: tables in the state file; PostgreSQL: tables in the
/// shared database), reached through <see cref="Stores.SluiceStore.QualityHistory"/>; every implementation passes the
/// same contract tests. Thread-safe.
/// </summary>
public abstract class QualityHistory : IAsyncDisposable, Retention.IAgedRecords
{
    /// <inheritdoc />
    public string Name => "quality history";

    /// <summary>Quality results are kept <see cref="Retention.RetentionOptions.QualityMaxAge"/>, else as long as runs.</summary>
    public TimeSpan MaxAge(Retention.RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.QualityMaxAge ?? options.RunsMaxAge;
    }

    /// <summary>Deletes up to <paramref name="limit"/> recorded runs (with their values) recorded before <paramref name="cutoff"/>, oldest first.</summary>
    public Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken = default) =>
        DeleteOlderThanCoreAsync(cutoff, Math.Max(1, limit), cancellationToken);

    /// <summary>Stores the metrics of one run of a task, replacing any values stored for that run before.</summary>
    /// <exception cref="ArgumentException">A value is NaN or infinite.</exception>
    public Task RecordAsync(string pipelineId, string taskId, string runId, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipelineId);
        ArgumentNullException.ThrowIfNull(taskId);
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(metrics);
        foreach (var (metric, value) in metrics)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"The metric '{metric}' is {value.ToString(CultureInfo.InvariantCulture)}; only finite values are stored.", nameof(metrics));
            }
        }
        return RecordCoreAsync(pipelineId, taskId, runId, metrics, cancellationToken);
    }

    /// <summary>
    /// One trend per metric of (<paramref name="pipelineId"/>, <paramref name="taskId"/>), ordered by metric name: the latest
    /// value, the previous run's value and the average over the last <paramref name="window"/> runs that measured it.
    /// </summary>
    /// <param name="pipelineId">The pipeline.</param>
    /// <param name="taskId">The task.</param>
    /// <param name="window">How many recent runs the average covers. The default is 10.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is less than 1.</exception>
    public async Task<IReadOnlyList<QualityTrend>> GetTrendsAsync(string pipelineId, string taskId, int window = 10, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var rows = await ReadRecentAsync(pipelineId, taskId, window, cancellationToken).ConfigureAwait(false);
        var trends = new List<QualityTrend>();
        for (var start = 0; start < rows.Count;)
        {
            var end = start;
            var sum = 0.0;
            while (end < rows.Count && rows[end].Metric == rows[start].Metric)
            {
                sum += rows[end].Value;
                end++;
            }
            var count = end - start;
            trends.Add(new QualityTrend(rows[start].Metric, rows[start].RunId, rows[start].Value, count > 1 ? rows[start + 1].Value : null, sum / count, count));
            start = end;
        }
        return trends;
    }

    /// <summary>The last <paramref name="limit"/> values of one metric, oldest first (for charts).</summary>
    public Task<IReadOnlyList<QualityPoint>> GetSeriesAsync(string pipelineId, string taskId, string metric, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipelineId);
        ArgumentNullException.ThrowIfNull(taskId);
        ArgumentNullException.ThrowIfNull(metric);
        return ReadSeriesAsync(pipelineId, taskId, metric, Math.Max(0, limit), cancellationToken);
    }

    /// <summary>Stores validated metrics in one transaction: the run's row keeps its place in the order, its old values go.</summary>
    protected abstract Task RecordCoreAsync(string pipelineId, string taskId, string runId, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken);

    /// <summary>Per metric, the values of the last <paramref name="window"/> runs that measured it: ordered by metric, then newest run first.</summary>
    protected abstract Task<IReadOnlyList<(string Metric, string RunId, double Value)>> ReadRecentAsync(string pipelineId, string taskId, int window, CancellationToken cancellationToken);

    /// <summary>The last <paramref name="limit"/> values of one metric, oldest first.</summary>
    protected abstract Task<IReadOnlyList<QualityPoint>> ReadSeriesAsync(string pipelineId, string taskId, string metric, int limit, CancellationToken cancellationToken);

    /// <summary>Deletes up to <paramref name="limit"/> recorded runs recorded before <paramref name="cutoff"/> with their values, in one transaction.</summary>
    protected abstract Task<long> DeleteOlderThanCoreAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken);

    /// <summary>Releases connections the history holds; the default holds none.</summary>
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
