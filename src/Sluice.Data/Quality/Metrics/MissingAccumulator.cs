using Sluice.Data.Quality.Checks;

namespace Sluice.Data.Quality.Metrics;

/// <summary>
/// <c>missing_count(c)</c> = rows where c is null; <c>missing_percent(c)</c> = 100 · missing_count / rows, 0 when
/// there are no rows. Only null counts as missing (an empty string is a value).
/// </summary>
internal sealed class MissingAccumulator(QualityCheck check) : MetricAccumulator(check)
{
    private long _missing;

    private protected override string? AccumulateCore(ITableView batch, IColumnView[] columns)
    {
        var column = columns[0];
        for (var row = 0; row < batch.RowCount; row++)
        {
            _missing += column.IsNull(row) ? 1 : 0;
        }

        return null;
    }

    private protected override MetricResult Compute() =>
        new(Check.Metric, Check.Metric == MetricKind.MissingCount ? _missing : Percent(_missing, Rows), Rows, Rows, _missing);
}
