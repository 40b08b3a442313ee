using Sluice.Data.Quality.Checks;

namespace Sluice.Data.Quality.Metrics;

/// <summary><c>distinct_count(c)</c> = distinct non-null values (0 for no values). Memory grows with the result.</summary>
internal sealed class DistinctCountAccumulator(QualityCheck check) : MetricAccumulator(check)
{
    private readonly HashSet<string> _values = new(StringComparer.Ordinal);
    private readonly KeyBuffer _buffer = new();
    private long _nonNull;

    private protected override string? AccumulateCore(ITableView batch, IColumnView[] columns)
    {
        var lookup = _values.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var row = 0; row < batch.RowCount; row++)
        {
            if (_buffer.TryEncode(columns, row))
            {
                _nonNull++;
                lookup.Add(_buffer.Span);
            }
        }

        return null;
    }

    private protected override MetricResult Compute() => new(Check.Metric, _values.Count, Rows, _nonNull, 0);
}
