using Sluice.Data.Execution;
using Sluice.Data.Operators;
using Sluice.DataActions.Common;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.DataActions.Transform;

/// <summary>The relational and reshaping steps: distinct, union, sample, explode, pivot, unpivot.</summary>
internal sealed partial class StepPlanner
{
    /// <summary><c>distinct: true</c> keeps the first of each set of equal rows; <c>distinct: [a, b]</c> keeps those columns, then their distinct combinations (SQL's SELECT DISTINCT a, b).</summary>
    private DataFlow Distinct(DataFlow flow, object? config, string path)
    {
        if (config is true)
        {
            return flow.Dedupe([.. flow.Schema.Fields.Select(static f => f.Name)]);
        }

        var columns = config is false ? throw new SluiceException($"{path}: false does nothing; remove the step, or give true or a list of columns") : Names(config, path);
        Require(flow.Schema, columns, path, config);
        return flow.Select([.. columns]).Dedupe(columns);
    }

    /// <summary>
    /// <c>union: {with: DATASET or [DATASETS], distinct: false}</c>: the rows of the input, then those of each dataset
    /// (SQL's UNION ALL; columns matched by name, types widened); <c>distinct: true</c> then drops repeated rows (UNION).
    /// </summary>
    private DataFlow Union(DataFlow flow, object? config, string path)
    {
        var map = config as IReadOnlyDictionary<string, object?>;
        var with = map is null ? config : map.GetValueOrDefault("with") ?? throw new SluiceException($"{path} needs 'with': the dataset (or list of datasets) to append");
        var parts = new List<(string Label, IBatchSource Source)> { ("the input", flow) };
        IReadOnlyList<object?> items = with is IReadOnlyList<object?> list ? list : [with];
        for (var i = 0; i < items.Count; i++)
        {
            var at = items.Count == 1 ? $"{path}.with" : $"{path}.with[{i}]";
            var (dataset, opened) = open(items[i], at);
            if (dataset is not null)
            {
                Joined.Add(dataset);
            }

            parts.Add((dataset?.Path ?? at, opened));
        }

        flow = DataFlow.From(UnionSource.Create(parts));
        var distinct = map is not null && (Args.Bool(map, "distinct", path + ": ") ?? false);
        return distinct ? flow.Dedupe([.. flow.Schema.Fields.Select(static f => f.Name)]) : flow;
    }

    /// <summary><c>sample: {fraction: 0.1, seed: 42}</c> or <c>sample: {n: 1000, seed: 42}</c>: a seeded random sample (the same rows on every run of the same input).</summary>
    private static DataFlow Sample(DataFlow flow, object? config, string path)
    {
        var map = Map(config, path);
        var seed = map.GetValueOrDefault("seed") is long s ? unchecked((ulong)s) : throw new SluiceException($"{path} needs 'seed': a whole number, so the sample is the same on every run");
        var fraction = map.GetValueOrDefault("fraction") switch
        {
            null => (double?)null,
            long l and (0 or 1) => l,
            double d and >= 0 and <= 1 => d,
            var v => throw new SluiceException($"{path}.fraction must be a number from 0 to 1, got {ExprValues.ToText(v)}"),
        };
        var n = map.GetValueOrDefault("n") switch
        {
            null => (int?)null,
            long l and >= 0 and <= int.MaxValue => (int)l,
            var v => throw new SluiceException($"{path}.n must be a whole number of 0 or more, got {ExprValues.ToText(v)}"),
        };
        if ((fraction is null) == (n is null))
        {
            throw new SluiceException($"{path} needs exactly one of 'fraction' (the share of rows kept, each row independently) or 'n' (exactly that many rows)");
        }

        return flow.Then(new SampleOperator(seed) { Fraction = fraction, Count = n });
    }

    /// <summary><c>explode: {column: tags, separator: "|"}</c>: one row per item of a separated list.</summary>
    private DataFlow Explode(DataFlow flow, object? config, string path)
    {
        var map = Map(config, path);
        var where = path + ": ";
        var column = Args.String(map, "column", where) ?? throw new SluiceException($"{path} needs 'column': the string column holding the lists");
        var separator = Args.String(map, "separator", where) ?? ",";
        Require(flow.Schema, [column], path + ".column", column);
        return flow.Then(new ExplodeOperator(column, separator));
    }

    /// <summary><c>unpivot: {columns: [q1, q2], names_to: quarter, values_to: amount, keep_nulls: false}</c>: columns to rows.</summary>
    private DataFlow Unpivot(DataFlow flow, object? config, string path)
    {
        var map = Map(config, path);
        var where = path + ": ";
        var columns = Args.Strings(map, "columns", where) ?? throw new SluiceException($"{path} needs 'columns': the columns to turn into rows");
        Require(flow.Schema, columns, path + ".columns", map.GetValueOrDefault("columns"));
        var names = Args.String(map, "names_to", where) ?? "name";
        var values = Args.String(map, "values_to", where) ?? "value";
        return flow.Then(new UnpivotOperator(columns, names, values) { KeepNulls = Args.Bool(map, "keep_nulls", where) ?? false });
    }

    /// <summary>
    /// <c>pivot: {index: [id], columns: quarter, values: amount, names: [q1, q2], agg: sum}</c>: rows to columns — one row
    /// per index combination, one column per name holding <c>agg</c> of the values of the rows whose <c>columns</c>
    /// value is that name (an aggregate of a conditional expression, so every aggregate function works). The names
    /// are listed so the output's columns are known before the data is read.
    /// </summary>
    private DataFlow Pivot(DataFlow flow, object? config, string path)
    {
        var map = Map(config, path);
        var where = path + ": ";
        var index = Args.Strings(map, "index", where) ?? [];
        var key = Args.String(map, "columns", where) ?? throw new SluiceException($"{path} needs 'columns': the column whose values become column names");
        var values = Args.String(map, "values", where) ?? throw new SluiceException($"{path} needs 'values': the column to aggregate into the new columns");
        var agg = Args.String(map, "agg", where) ?? "sum";
        var names = map.GetValueOrDefault("names") is IReadOnlyList<object?> { Count: > 0 } list
            ? list.Select(static v => ExprValues.ToText(v)).ToList()
            : throw new SluiceException($"{path} needs 'names': the values of '{key}' that become columns, such as [north, south]");
        Require(flow.Schema, index, path + ".index", map.GetValueOrDefault("index"));
        Require(flow.Schema, [key], path + ".columns", key);
        Require(flow.Schema, [values], path + ".values", values);
        var keyType = flow.Schema.IndexOf(key) is var k and >= 0 ? flow.Schema[k].Type : null;
        var metrics = names.ToDictionary(
            static n => n,
            n => (object?)$"{agg}(col({Quote(values)}) if col({Quote(key)}) == {(keyType?.Kind == Data.Batches.TypeKind.String || keyType is null ? Quote(n) : n)} else None)",
            StringComparer.Ordinal);
        (flow, var functions) = Metrics(flow, map, metrics, path);
        return flow.Aggregate(index, functions);

        static string Quote(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
    }
}
