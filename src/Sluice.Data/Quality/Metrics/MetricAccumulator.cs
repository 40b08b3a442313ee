using System.Text.RegularExpressions;
using Sluice.Data.Quality.Checks;

namespace Sluice.Data.Quality.Metrics;

/// <summary>
/// Computes one check's metric incrementally: call <see cref="Accumulate"/> once per batch, then read
/// <see cref="Result"/>. The formulas are documented on <see cref="MetricKind"/> and in docs/quality-metrics.md;
/// no metric divides by zero or yields NaN.
/// </summary>
/// <remarks>
/// A problem with the data (a missing column, a column of the wrong type, a regex timing out) does not throw: the
/// accumulator stops and <see cref="Result"/> carries the error. Not thread-safe; use one accumulator per stream.
/// </remarks>
public abstract class MetricAccumulator
{
    private readonly IColumnView[] _columns;
    private string? _error;

    private protected MetricAccumulator(QualityCheck check)
    {
        Check = check;
        _columns = new IColumnView[check.Columns.Count];
    }

    /// <summary>The check whose metric this computes.</summary>
    public QualityCheck Check { get; }

    /// <summary>True once the metric has failed (its <see cref="Result"/> carries the error).</summary>
    internal bool Failed => _error is not null;

    /// <summary>Rows seen so far.</summary>
    protected long Rows { get; private set; }

    /// <summary>The metric over every batch so far.</summary>
    public MetricResult Result => _error is null
        ? Compute()
        : new MetricResult(Check.Metric, null, Rows, 0, 0, _error);

    /// <summary>Creates the accumulator for a check's metric.</summary>
    /// <param name="check">A parsed check.</param>
    /// <param name="context">Clock, reference key sets and expression evaluator; null for defaults.</param>
    /// <returns>A fresh accumulator.</returns>
    public static MetricAccumulator Create(QualityCheck check, MetricContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(check);
        context ??= new MetricContext();
        return check.Metric switch
        {
            MetricKind.RowCount => new RowCountAccumulator(check),
            MetricKind.MissingCount or MetricKind.MissingPercent => new MissingAccumulator(check),
            MetricKind.DuplicateCount or MetricKind.DuplicatePercent => new DuplicateAccumulator(check),
            MetricKind.DistinctCount => new DistinctCountAccumulator(check),
            MetricKind.InvalidCount or MetricKind.InvalidPercent => new InvalidAccumulator(check),
            MetricKind.Freshness => new FreshnessAccumulator(check, context.Time),
            MetricKind.ReferenceMissingCount => new ReferenceAccumulator(check, context.References),
            MetricKind.ExpressionViolationCount => new ExpressionAccumulator(check, context.ExpressionCompiler, context.ExpressionEvaluator),
            _ => new NumericAccumulator(check),
        };
    }

    /// <summary>Adds one batch.</summary>
    /// <param name="batch">The batch; it must contain the check's columns.</param>
    public void Accumulate(ITableView batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_error is not null)
        {
            return;
        }

        for (var c = 0; c < _columns.Length; c++)
        {
            if (!batch.TryGetColumn(Check.Columns[c], out var column))
            {
                _error = $"Column '{Check.Columns[c]}' is not in the data.";
                return;
            }

            if (RequiredKind is { } kind && column.Kind != kind)
            {
                _error = $"{Check.Metric} needs a {kind} column but '{Check.Columns[c]}' is {column.Kind}.";
                return;
            }

            _columns[c] = column;
        }

        try
        {
            _error = AccumulateCore(batch, _columns);
        }
        catch (RegexMatchTimeoutException ex)
        {
            _error = $"The regex '{ex.Pattern}' took longer than {ex.MatchTimeout.TotalSeconds}s on one value.";
        }

        Rows += batch.RowCount;
    }

    /// <summary>The column kind this metric needs, or null for any.</summary>
    private protected virtual ColumnKind? RequiredKind => null;

    /// <summary>Adds one batch whose columns are resolved; returns an error message or null.</summary>
    private protected abstract string? AccumulateCore(ITableView batch, IColumnView[] columns);

    /// <summary>The result when there is no error.</summary>
    private protected abstract MetricResult Compute();

    /// <summary>100 · part / whole, and 0 when whole is 0.</summary>
    private protected static double Percent(long part, long whole) => whole == 0 ? 0 : 100.0 * part / whole;
}
