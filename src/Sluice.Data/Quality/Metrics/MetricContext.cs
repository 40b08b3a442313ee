using Sluice.Data.Batches;
using Sluice.Data.Quality.Checks;

namespace Sluice.Data.Quality.Metrics;

/// <summary>What metric accumulators need from outside the checked data.</summary>
public sealed record MetricContext
{
    /// <summary>The clock for freshness. The default is <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Key sets of referenced data sets, for <c>values in (…) must exist in ds (k, …)</c> checks: a check uses the set
    /// whose <see cref="ReferenceKeySet.Dataset"/> and <see cref="ReferenceKeySet.Columns"/> match its target.
    /// </summary>
    public IReadOnlyCollection<ReferenceKeySet>? References { get; init; }

    /// <summary>
    /// Compiles an expression check for batches of a schema (the pipeline's column-expression binder plugs in here).
    /// It is called once per check and schema; batches of the columnar engine (<see cref="RecordBatchView"/>) are then
    /// evaluated with vectorized kernels. Takes precedence over <see cref="ExpressionEvaluator"/> for such batches.
    /// </summary>
    public Func<QualityCheck, Schema, ExpressionBinding>? ExpressionCompiler { get; init; }

    /// <summary>
    /// Evaluates an expression check's text over any batch into a <see cref="ColumnKind.Boolean"/> column. Without it
    /// (and without <see cref="ExpressionCompiler"/> for engine batches), expression checks report an error.
    /// </summary>
    public Func<string, ITableView, IColumnView>? ExpressionEvaluator { get; init; }
}
