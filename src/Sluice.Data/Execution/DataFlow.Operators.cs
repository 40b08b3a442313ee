using Sluice.Data.Batches;
using Sluice.Data.ColumnExpressions;
using Sluice.Data.Operators;
using Sluice.Data.Operators.Aggregation;

namespace Sluice.Data.Execution;

/// <summary>Fluent shortcuts for the built-in operators.</summary>
public sealed partial class DataFlow
{
    /// <summary>Keeps rows where <paramref name="predicate"/> is true.</summary>
    public DataFlow Filter(ColumnExpr predicate) => Then(new FilterOperator(predicate));

    /// <summary>Adds or replaces a column.</summary>
    public DataFlow Derive(string name, ColumnExpr expression) => Then(ProjectOperator.Derive(new Projection(name, expression)));

    /// <summary>Adds or replaces columns.</summary>
    public DataFlow Derive(params Projection[] projections) => Then(ProjectOperator.Derive(projections));

    /// <summary>Keeps only these columns, in this order.</summary>
    public DataFlow Select(params string[] columns) => Then(ProjectOperator.Select(columns));

    /// <summary>Renames columns.</summary>
    public DataFlow Rename(IReadOnlyDictionary<string, string> renames) => Then(ProjectOperator.Rename(renames));

    /// <summary>Converts columns to other types.</summary>
    public DataFlow Cast(IReadOnlyDictionary<string, DataType> types) => Then(ProjectOperator.Cast(types));

    /// <summary>Counts the rows passing this point.</summary>
    public DataFlow CountRows(RowCounter counter)
    {
        ArgumentNullException.ThrowIfNull(counter);
        return Then(counter.Operator);
    }

    /// <summary>Fills nulls of a column.</summary>
    public DataFlow FillMissing(string column, FillStrategy strategy) => Then(new FillMissingOperator(column, strategy));

    /// <summary>Keeps one row per key.</summary>
    public DataFlow Dedupe(IReadOnlyList<string> keys, DedupeKeep keep = DedupeKeep.First) => Then(new DedupeOperator(keys, keep));

    /// <summary>Hash-joins with <paramref name="right"/> (the build side).</summary>
    public DataFlow Join(IBatchSource right, IReadOnlyList<string> leftKeys, IReadOnlyList<string> rightKeys, JoinKind kind = JoinKind.Inner) =>
        Then(new HashJoinOperator(right, leftKeys, rightKeys, kind));

    /// <summary>Groups and aggregates.</summary>
    public DataFlow Aggregate(IReadOnlyList<string> keys, params AggregateFunction[] aggregates) => Then(new HashAggregateOperator(keys, aggregates));

    /// <summary>Adds a z-score outlier flag per group.</summary>
    public DataFlow FlagOutliers(string valueColumn, IReadOnlyList<string> groupBy, decimal k, string output) =>
        Then(new OutlierFlagOperator(valueColumn, groupBy, k, output));

    /// <summary>Sorts by keys (stable, ordinal strings).</summary>
    public DataFlow Sort(params SortKey[] keys) => Then(new SortOperator(keys));

    /// <summary>Keeps the first rows.</summary>
    public DataFlow Limit(long count) => Then(new LimitOperator(count));

    /// <summary>Reads everything into a table.</summary>
    public Task<Table> ToTableAsync(CancellationToken cancellationToken = default) =>
        Table.FromAsync(Schema, ReadAsync(null, cancellationToken), cancellationToken);
}
