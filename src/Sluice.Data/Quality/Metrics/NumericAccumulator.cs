using Sluice.Data.Quality.Checks;

namespace Sluice.Data.Quality.Metrics;

/// <summary>
/// <c>min</c>, <c>max</c>, <c>avg</c>, <c>sum</c> and <c>stddev</c> over the non-null values of a number column.
/// With n non-null values: min/max/avg are null when n = 0; sum is 0 when n = 0; stddev is the sample standard
/// deviation √(Σ(x − x̄)² / (n − 1)) (SQL STDDEV_SAMP, pandas <c>std()</c>) and null when n &lt; 2.
/// The sum is compensated (Neumaier) and the variance uses Welford's update, so streaming many batches loses no precision.
/// </summary>
internal sealed class NumericAccumulator(QualityCheck check) : MetricAccumulator(check)
{
    private long _count;
    private double _sum;
    private double _compensation;
    private double _mean;
    private double _m2;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;

    private protected override ColumnKind? RequiredKind => ColumnKind.Number;

    private protected override string? AccumulateCore(ITableView batch, IColumnView[] columns)
    {
        var column = columns[0];
        for (var row = 0; row < batch.RowCount; row++)
        {
            if (column.IsNull(row))
            {
                continue;
            }

            var x = column.GetDouble(row);
            _count++;
            var t = _sum + x;
            _compensation += Math.Abs(_sum) >= Math.Abs(x) ? (_sum - t) + x : (x - t) + _sum;
            _sum = t;
            var delta = x - _mean;
            _mean += delta / _count;
            _m2 += delta * (x - _mean);
            _min = Math.Min(_min, x);
            _max = Math.Max(_max, x);
        }

        return null;
    }

    private protected override MetricResult Compute()
    {
        var sum = _sum + _compensation;
        double? value = Check.Metric switch
        {
            MetricKind.Sum => sum,
            _ when _count == 0 => null,
            MetricKind.Min => _min,
            MetricKind.Max => _max,
            MetricKind.Avg => sum / _count,
            _ => _count < 2 ? null : Math.Sqrt(Math.Max(0, _m2) / (_count - 1)),
        };
        return new MetricResult(Check.Metric, value, Rows, _count, 0);
    }
}
