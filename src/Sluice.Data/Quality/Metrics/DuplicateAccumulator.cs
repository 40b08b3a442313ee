using Sluice.Data.Quality.Checks;

namespace Sluice.Data.Quality.Metrics;

/// <summary>
/// <c>duplicate_count(c, …)</c> = K − D, where K is the number of rows whose key has no null part and D the number of
/// distinct such keys (so 3 rows with key 7 count 2 duplicates). Rows with any null key part are ignored, as SQL's
/// UNIQUE ignores them. <c>duplicate_percent</c> = 100 · (K − D) / K, 0 when K = 0. Memory grows with D.
/// </summary>
internal sealed class DuplicateAccumulator(QualityCheck check) : MetricAccumulator(check)
{
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly KeyBuffer _buffer = new();
    private long _keyed;

    private protected override string? AccumulateCore(ITableView batch, IColumnView[] columns)
    {
        var lookup = _keys.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var row = 0; row < batch.RowCount; row++)
        {
            if (_buffer.TryEncode(columns, row))
            {
                _keyed++;
                lookup.Add(_buffer.Span);
            }
        }

        return null;
    }

    private protected override MetricResult Compute()
    {
        var duplicates = _keyed - _keys.Count;
        var value = Check.Metric == MetricKind.DuplicateCount ? duplicates : Percent(duplicates, _keyed);
        return new MetricResult(Check.Metric, value, Rows, _keyed, duplicates);
    }
}
