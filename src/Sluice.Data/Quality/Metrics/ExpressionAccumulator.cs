using Sluice.Data.Quality.Checks;

namespace Sluice.Data.Quality.Metrics;

/// <summary>
/// <c>expression: …</c> = rows where the boolean expression is false. A null result (e.g. a null operand under SQL
/// semantics) is not a violation, as in a SQL CHECK constraint; the evaluated count excludes those rows.
/// </summary>
internal sealed class ExpressionAccumulator(QualityCheck check, Func<string, ITableView, IColumnView>? evaluator) : MetricAccumulator(check)
{
    private long _evaluated;
    private long _violations;

    private protected override string? AccumulateCore(ITableView batch, IColumnView[] columns)
    {
        if (evaluator is null)
        {
            return "No expression evaluator is configured (MetricContext.ExpressionEvaluator).";
        }

        var result = evaluator(Check.Expression!, batch);
        if (result.Kind != ColumnKind.Boolean || result.RowCount != batch.RowCount)
        {
            return $"The expression '{Check.Expression}' must give one boolean per row; it gave {result.RowCount} {result.Kind} values for {batch.RowCount} rows.";
        }

        for (var row = 0; row < batch.RowCount; row++)
        {
            if (!result.IsNull(row))
            {
                _evaluated++;
                _violations += result.GetBoolean(row) ? 0 : 1;
            }
        }

        return null;
    }

    private protected override MetricResult Compute() => new(Check.Metric, _violations, Rows, _evaluated, _violations);
}
