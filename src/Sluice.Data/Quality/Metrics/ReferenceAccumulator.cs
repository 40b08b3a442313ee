using Sluice.Data.Quality.Checks;

namespace Sluice.Data.Quality.Metrics;

/// <summary>
/// <c>values in (c, …) must exist in ds (k, …)</c> = rows whose key (no null part) is absent from the referenced key
/// set. Rows with a null key part are not checked, as a SQL foreign key ignores them. Keys compare by kind-specific
/// encoding (see <see cref="KeyBuffer"/>): a number key never matches a text key, so a kind mismatch between a
/// checked column and its reference column is reported as an error rather than counted as missing keys.
/// </summary>
internal sealed class ReferenceAccumulator : MetricAccumulator, IFailingRowSource
{
    private readonly ReferenceKeySet? _reference;
    private readonly string? _setupError;
    private readonly KeyBuffer _buffer = new();
    private readonly RowIndexBuffer _failures = new();
    private bool _kindsChecked;
    private long _keyed;
    private long _missing;

    public ReferenceAccumulator(QualityCheck check, IReadOnlyCollection<ReferenceKeySet>? references)
        : base(check)
    {
        var target = check.Reference!;
        _reference = references?.FirstOrDefault(r => r.Serves(target.Dataset, target.Columns));
        if (_reference is null)
        {
            _setupError = references?.Any(r => r.Dataset == target.Dataset) == true
                ? $"No keys of '{target.Dataset}' over ({string.Join(", ", target.Columns)}) were provided (MetricContext.References)."
                : $"The keys of data set '{target.Dataset}' were not provided (MetricContext.References).";
        }
        else if (_reference.Columns.Count != check.Columns.Count)
        {
            _setupError = $"The key set of '{target.Dataset}' has {_reference.Columns.Count} column(s) but the check uses {check.Columns.Count}.";
        }
        else
        {
            _setupError = _reference.Error;
        }
    }

    public ReadOnlySpan<int> LastFailures => _failures.Span;

    public IReadOnlyList<string> FailureColumns => Check.Columns;

    private protected override string? AccumulateCore(ITableView batch, IColumnView[] columns)
    {
        _failures.Clear();
        if (_setupError is not null)
        {
            return _setupError;
        }

        if (!_kindsChecked && KindMismatch(columns) is { } mismatch)
        {
            return mismatch;
        }

        _kindsChecked = true;
        for (var row = 0; row < batch.RowCount; row++)
        {
            if (_buffer.TryEncode(columns, row))
            {
                _keyed++;
                if (!_reference!.Contains(_buffer.Span))
                {
                    _missing++;
                    _failures.Add(row);
                }
            }
        }

        return null;
    }

    private protected override MetricResult Compute() => _setupError is null
        ? new(Check.Metric, _missing, Rows, _keyed, _missing)
        : new(Check.Metric, null, Rows, 0, 0, _setupError);

    private string? KindMismatch(IColumnView[] columns)
    {
        for (var c = 0; c < columns.Length; c++)
        {
            if (_reference!.KindOf(c) is { } kind && kind != columns[c].Kind)
            {
                return $"'{Check.Columns[c]}' is {columns[c].Kind} but '{_reference.Columns[c]}' in '{_reference.Dataset}' is {kind}; values of different types never match, so read both with the same type.";
            }
        }

        return null;
    }
}
