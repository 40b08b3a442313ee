using Sluice.Data.Quality.Checks;

namespace Sluice.Data.Quality.Metrics;

/// <summary>
/// <c>invalid_count(c)</c> = non-null rows that break any <c>valid</c> rule; <c>invalid_percent(c)</c> =
/// 100 · invalid_count / non-null rows, 0 when there are none. Nulls are missing, never invalid.
/// </summary>
internal sealed class InvalidAccumulator(QualityCheck check) : MetricAccumulator(check)
{
    private readonly ValidityMatcher _matcher = new(check.Validity ?? new ValidityRules());
    private long _nonNull;
    private long _invalid;

    private protected override string? AccumulateCore(ITableView batch, IColumnView[] columns)
    {
        var column = columns[0];
        for (var row = 0; row < batch.RowCount; row++)
        {
            if (!column.IsNull(row))
            {
                _nonNull++;
                _invalid += _matcher.IsValid(column, row) ? 0 : 1;
            }
        }

        return null;
    }

    private protected override MetricResult Compute()
    {
        var value = Check.Metric == MetricKind.InvalidCount ? _invalid : Percent(_invalid, _nonNull);
        return new MetricResult(Check.Metric, value, Rows, _nonNull, _invalid);
    }
}
