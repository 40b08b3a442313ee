using Sluice.Data.Quality.Checks;

namespace Sluice.Data.Quality.Metrics;

/// <summary>
/// <c>values in (c, …) must exist in ds (k, …)</c> = rows whose key (no null part) is absent from the referenced key
/// set. Rows with a null key part are not checked, as a SQL foreign key ignores them. Keys compare by kind-specific
/// encoding (see <see cref="KeyBuffer"/>): a number key never matches a text key.
/// </summary>
internal sealed class ReferenceAccumulator : MetricAccumulator
{
    private readonly ReferenceKeySet? _reference;
    private readonly string? _setupError;
    private readonly KeyBuffer _buffer = new();
    private long _keyed;
    private long _missing;

    public ReferenceAccumulator(QualityCheck check, IReadOnlyDictionary<string, ReferenceKeySet>? references)
        : base(check)
    {
        var target = check.Reference!;
        if (references is null || !references.TryGetValue(target.Dataset, out _reference))
        {
            _setupError = $"The keys of data set '{target.Dataset}' were not provided (MetricContext.References).";
        }
        else if (_reference.Columns.Count != check.Columns.Count)
        {
            _setupError = $"The key set of '{target.Dataset}' has {_reference.Columns.Count} column(s) but the check uses {check.Columns.Count}.";
        }
    }

    private protected override string? AccumulateCore(ITableView batch, IColumnView[] columns)
    {
        if (_setupError is not null)
        {
            return _setupError;
        }

        for (var row = 0; row < batch.RowCount; row++)
        {
            if (_buffer.TryEncode(columns, row))
            {
                _keyed++;
                _missing += _reference!.Contains(_buffer.Span) ? 0 : 1;
            }
        }

        return null;
    }

    private protected override MetricResult Compute() => _setupError is null
        ? new(Check.Metric, _missing, Rows, _keyed, _missing)
        : new(Check.Metric, null, Rows, 0, 0, _setupError);
}
