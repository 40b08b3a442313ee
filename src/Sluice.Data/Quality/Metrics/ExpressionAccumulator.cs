using Sluice.Data.Batches;
using Sluice.Data.ColumnExpressions;
using Sluice.Data.Quality.Checks;

namespace Sluice.Data.Quality.Metrics;

/// <summary>
/// <c>expression: …</c> = rows where the boolean expression is false. A null result (e.g. a null operand under SQL
/// semantics) is not a violation, as in a SQL CHECK constraint; the evaluated count excludes those rows.
/// </summary>
/// <remarks>
/// Engine batches are evaluated with the expression compiled once per schema (vectorized kernels); other table views
/// go through the text evaluator. One boolean column is produced and released per batch.
/// </remarks>
internal sealed class ExpressionAccumulator(
    QualityCheck check,
    Func<QualityCheck, Schema, ExpressionBinding>? compiler,
    Func<string, ITableView, IColumnView>? evaluator) : MetricAccumulator(check), IFailingRowSource
{
    private readonly RowIndexBuffer _failures = new();
    private Schema? _schema;
    private CompiledExpr? _compiled;
    private IReadOnlyList<string> _columns = [];
    private long _evaluated;
    private long _violations;

    public ReadOnlySpan<int> LastFailures => _failures.Span;

    public IReadOnlyList<string> FailureColumns => _columns;

    private protected override string? AccumulateCore(ITableView batch, IColumnView[] columns)
    {
        _failures.Clear();
        if (compiler is not null && batch is RecordBatchView engine)
        {
            return AccumulateCompiled(compiler, engine.Batch);
        }

        if (evaluator is null)
        {
            return "No expression evaluator is configured (MetricContext.ExpressionCompiler or ExpressionEvaluator).";
        }

        var result = evaluator(Check.Expression!, batch);
        if (result.Kind != ColumnKind.Boolean || result.RowCount != batch.RowCount)
        {
            return $"The expression '{Check.Expression}' must give one boolean per row; it gave {result.RowCount} {result.Kind} values for {batch.RowCount} rows.";
        }

        Count(result);
        return null;
    }

    private protected override MetricResult Compute() => new(Check.Metric, _violations, Rows, _evaluated, _violations);

    private string? AccumulateCompiled(Func<QualityCheck, Schema, ExpressionBinding> compile, RecordBatch batch)
    {
        if (_compiled is null || !(ReferenceEquals(_schema, batch.Schema) || _schema!.Equals(batch.Schema)))
        {
            var binding = compile(Check, batch.Schema);
            if (binding.Compiled is not { } compiled)
            {
                return binding.Error ?? $"The expression '{Check.Expression}' could not be compiled.";
            }

            if (compiled.Type.Kind != TypeKind.Bool)
            {
                return $"The expression '{Check.Expression}' gives {compiled.Type} values, not booleans; write a condition such as 'amount >= 0'.";
            }

            (_compiled, _schema, _columns) = (compiled, batch.Schema, ExpressionColumns.Of(compiled.Source));
        }

        Columns.Column result;
        try
        {
            result = _compiled.Evaluate(batch);
        }
        catch (DataException ex)
        {
            return $"The expression '{Check.Expression}' failed: {ex.Message}";
        }

        using (result)
        {
            Count(new BatchColumnView(result));
        }

        return null;
    }

    private void Count(IColumnView result)
    {
        for (var row = 0; row < result.RowCount; row++)
        {
            if (!result.IsNull(row))
            {
                _evaluated++;
                if (!result.GetBoolean(row))
                {
                    _violations++;
                    _failures.Add(row);
                }
            }
        }
    }
}
