namespace Sluice.Data.Quality.Metrics;

/// <summary>What metric accumulators need from outside the checked data.</summary>
public sealed record MetricContext
{
    /// <summary>The clock for freshness. The default is <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Key sets of referenced data sets by name, for <c>values in (…) must exist in …</c> checks.</summary>
    public IReadOnlyDictionary<string, ReferenceKeySet>? References { get; init; }

    /// <summary>
    /// Evaluates an expression check's text over a batch into a <see cref="ColumnKind.Boolean"/> column (the expression
    /// engine plugs in here). Without it, expression checks report an error.
    /// </summary>
    public Func<string, ITableView, IColumnView>? ExpressionEvaluator { get; init; }
}
