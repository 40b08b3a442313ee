using Sluice.Data.Quality.Checks;

namespace Sluice.Data.Quality.Metrics;

/// <summary><c>row_count</c> = rows seen, nulls included.</summary>
internal sealed class RowCountAccumulator(QualityCheck check) : MetricAccumulator(check)
{
    private protected override string? AccumulateCore(ITableView batch, IColumnView[] columns) => null;

    private protected override MetricResult Compute() => new(Check.Metric, Rows, Rows, Rows, 0);
}
