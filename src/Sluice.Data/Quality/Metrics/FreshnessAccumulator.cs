using Sluice.Data.Quality.Checks;

namespace Sluice.Data.Quality.Metrics;

/// <summary>
/// <c>freshness(ts)</c> = seconds from the newest non-null timestamp to now (read from the injected
/// <see cref="TimeProvider"/> when the result is read); null when there is no timestamp. Negative when the newest
/// timestamp is in the future.
/// </summary>
internal sealed class FreshnessAccumulator(QualityCheck check, TimeProvider time) : MetricAccumulator(check)
{
    private long _nonNull;
    private long _maxUtcTicks = long.MinValue;

    private protected override ColumnKind? RequiredKind => ColumnKind.Timestamp;

    private protected override string? AccumulateCore(ITableView batch, IColumnView[] columns)
    {
        var column = columns[0];
        for (var row = 0; row < batch.RowCount; row++)
        {
            if (!column.IsNull(row))
            {
                _nonNull++;
                _maxUtcTicks = Math.Max(_maxUtcTicks, column.GetTimestamp(row).UtcTicks);
            }
        }

        return null;
    }

    private protected override MetricResult Compute()
    {
        double? age = _nonNull == 0 ? null : (time.GetUtcNow().UtcTicks - _maxUtcTicks) / (double)TimeSpan.TicksPerSecond;
        return new MetricResult(Check.Metric, age, Rows, _nonNull, 0);
    }
}
