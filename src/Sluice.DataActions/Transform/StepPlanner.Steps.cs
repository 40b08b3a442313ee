using Sluice.Data.Execution;
using Sluice.Data.Operators;
using Sluice.DataActions.Common;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.DataActions.Transform;

/// <summary>The step kinds with options.</summary>
internal sealed partial class StepPlanner
{
    private DataFlow Reject(DataFlow flow, object? config, StepStats stats, string path)
    {
        var map = config as IReadOnlyDictionary<string, object?>;
        var when = map is null ? Text(config, path) : Args.String(map, "when", path + ": ") ?? throw new SluiceException($"{path} needs 'when': the condition of the rows to reject");
        var reason = (map is null ? null : Args.String(map, "reason", path + ": ")) ?? $"rejected by '{when}'";
        var keepAside = map is null || (Args.Bool(map, "quarantine", path + ": ") ?? true);
        var op = new RejectOperator(Column(when, path + (map is null ? "" : ".when"), flow), reason, source, keepAside ? quarantine : null);
        stats.Reject = op;
        return flow.Then(op);
    }

    private DataFlow Derive(DataFlow flow, object? config, string path)
    {
        foreach (var (name, value) in Map(config, path))
        {
            flow = flow.Derive(name, Column(Text(value, $"{path}.{name}"), $"{path}.{name}", flow));
        }

        return flow;
    }

    private DataFlow Fill(DataFlow flow, object? config, StepStats stats, string path)
    {
        var map = Map(config, path);
        var where = path + ": ";
        var columns = Args.Strings(map, "columns", where) ?? Args.Strings(map, "column", where) ?? throw new SluiceException($"{path} needs 'column' (or 'columns')");
        var columnsAt = map.ContainsKey("columns") ? "columns" : "column";
        Require(flow.Schema, columns, $"{path}.{columnsAt}", map.GetValueOrDefault(columnsAt));
        var strategy = Args.OneOf(Args.String(map, "strategy", where), "strategy", where, "constant", "constant", "mean", "median", "mode");
        var rounding = Args.OneOf(Args.String(map, "rounding", where), "rounding", where, "half_up", "half_up", "half_down") == "half_up" ? MedianRounding.HalfUp : MedianRounding.HalfDown;
        var fill = strategy switch
        {
            "mean" => FillStrategy.Mean,
            "median" => FillStrategy.Median(rounding),
            "mode" => FillStrategy.Mode,
            _ => FillStrategy.Constant(map.GetValueOrDefault("value") ?? throw new SluiceException($"{path} with strategy constant needs 'value'")),
        };
        foreach (var column in columns)
        {
            var op = new FillMissingOperator(column, fill);
            stats.Fill ??= op;
            flow = flow.Then(op);
        }

        return flow;
    }

    private DataFlow Dedupe(DataFlow flow, object? config, string path)
    {
        if (config is IReadOnlyDictionary<string, object?> map)
        {
            var where = path + ": ";
            var keys = Args.Strings(map, "keys", where) ?? Args.Strings(map, "on", where) ?? [.. flow.Schema.Fields.Select(static f => f.Name)];
            var keysAt = map.ContainsKey("keys") ? "keys" : "on";
            Require(flow.Schema, keys, $"{path}.{keysAt}", map.GetValueOrDefault(keysAt));
            var keep = Args.OneOf(Args.String(map, "keep", where), "keep", where, "first", "first", "last");
            return flow.Dedupe(keys, keep == "first" ? DedupeKeep.First : DedupeKeep.Last);
        }

        var names = config is null ? [.. flow.Schema.Fields.Select(static f => f.Name)] : Names(config, path);
        Require(flow.Schema, names, path, config);
        return flow.Dedupe(names);
    }

    private DataFlow Join(DataFlow flow, object? config, string path)
    {
        var map = Map(config, path);
        var where = path + ": ";
        var on = Args.Strings(map, "on", where);
        var leftKeys = Args.Strings(map, "left_on", where) ?? on ?? throw new SluiceException($"{path} needs 'on' (or 'left_on' and 'right_on')");
        var rightKeys = Args.Strings(map, "right_on", where) ?? on ?? leftKeys;
        var how = Args.OneOf(Args.String(map, "how", where), "how", where, "inner", "inner", "left", "right", "full", "semi", "anti");
        var leftAt = map.ContainsKey("left_on") ? "left_on" : "on";
        Require(flow.Schema, leftKeys, $"{path}.{leftAt}", map.GetValueOrDefault(leftAt));
        var (right, rightSource) = open(map.GetValueOrDefault("with"), path + ".with");
        if (right is not null)
        {
            Joined.Add(right);
        }

        var rightAt = map.ContainsKey("right_on") ? "right_on" : leftAt;
        Require(rightSource.Schema, rightKeys, $"{path}.{rightAt}", map.GetValueOrDefault(rightAt));
        IBatchSource build = rightSource;
        if (Args.Strings(map, "columns", where) is { } columns)
        {
            Require(rightSource.Schema, columns, $"{path}.columns", map.GetValueOrDefault("columns"));
            build = DataFlow.From(build).Select([.. rightKeys.Union(columns)]);
        }

        return flow.Join(build, leftKeys, rightKeys, how switch
        {
            "left" => JoinKind.Left,
            "right" => JoinKind.Right,
            "full" => JoinKind.Full,
            "semi" => JoinKind.Semi,
            "anti" => JoinKind.Anti,
            _ => JoinKind.Inner,
        });
    }

    private DataFlow Aggregate(DataFlow flow, object? config, string path)
    {
        var map = Map(config, path);
        var where = path + ": ";
        var by = Args.Strings(map, "by", where) ?? [];
        Require(flow.Schema, by, path + ".by", map.GetValueOrDefault("by"));
        var metrics = Args.Map(map, "metrics", where) ?? throw new SluiceException($"{path} needs 'metrics', such as {{revenue_sum: sum(revenue), rows: count()}}");
        (flow, var functions) = Metrics(flow, map, metrics, path);
        return flow.Aggregate(by, functions);
    }

    /// <summary>Parses the metrics against the flow's schema; arguments that are expressions are derived into hidden columns first.</summary>
    private (DataFlow Flow, Data.Operators.Aggregation.AggregateFunction[] Functions) Metrics(
        DataFlow flow, IReadOnlyDictionary<string, object?> map, IReadOnlyDictionary<string, object?> metrics, string path)
    {
        var where = path + ": ";
        var rounding = Args.String(map, "median_rounding", where) == "half_down" ? MedianRounding.HalfDown : MedianRounding.HalfUp;
        var parsed = metrics.Select(kv => MetricParser.Parse(
            kv.Key, kv.Value as string ?? "", where, rounding, origin($"{path}.metrics.{kv.Key}"), flow.Schema)).ToArray();
        if (parsed.SelectMany(static m => m.Inputs).ToArray() is { Length: > 0 } inputs)
        {
            flow = flow.Derive(inputs);
        }

        var i = 0;
        foreach (var (name, text) in metrics)
        {
            RequireAggregable(flow.Schema, parsed[i++].Function, text as string ?? "", $"{path}.metrics.{name}");
        }

        return (flow, [.. parsed.Select(static m => m.Function)]);
    }

    /// <summary>
    /// Aggregates by calendar period of a date or timestamp column (<c>every</c>: hour, day, week (ISO), month, quarter, year),
    /// optionally on a time zone's wall clock and by more keys; <c>fill: true</c> adds the empty periods between the first and
    /// the last (counts 0, other metrics null). The period start goes in <c>as</c> (default <c>period</c>): a date for a day or
    /// longer, else a timestamp; rows come out ordered by period, then by the other keys.
    /// </summary>
    private DataFlow Rollup(DataFlow flow, object? config, string path)
    {
        var map = Map(config, path);
        var where = path + ": ";
        var time = Args.String(map, "time", where) ?? throw new SluiceException($"{path} needs 'time': the date or timestamp column to roll up by");
        var every = Args.String(map, "every", where) ?? throw new SluiceException($"{path} needs 'every': hour, day, week, month, quarter or year");
        var zone = Args.String(map, "timezone", where);
        var output = Args.String(map, "as", where) ?? "period";
        var by = Args.Strings(map, "by", where) ?? [];
        var fill = Args.Bool(map, "fill", where) ?? false;
        var metrics = Args.Map(map, "metrics", where) ?? throw new SluiceException($"{path} needs 'metrics', such as {{revenue: sum(amount), orders: count()}}");

        Require(flow.Schema, [time], path + ".time", time);
        Require(flow.Schema, by, path + ".by", map.GetValueOrDefault("by"));
        var index = flow.Schema.IndexOf(time);

        var kind = flow.Schema.Fields[index].Type.Kind;
        if (kind is not (Data.Batches.TypeKind.Date or Data.Batches.TypeKind.Timestamp))
        {
            throw new SluiceException($"{path}.time: '{time}' is {flow.Schema.Fields[index].Type}, not a date or timestamp; convert it first, e.g. derive: {{{time}: \"to_timestamp({time}, '%Y-%m-%d %H:%M:%S')\"}}");
        }

        if (zone is not null && kind == Data.Batches.TypeKind.Date)
        {
            throw new SluiceException($"{path}.timezone: '{time}' is a date, which has no time of day to convert; drop 'timezone' or roll up a timestamp");
        }

        Data.ColumnExpressions.ColumnExpr local = Data.ColumnExpressions.ColumnExprs.Col(time);
        if (zone is not null)
        {
            local = Data.ColumnExpressions.ColumnExprs.Call("to_timezone", local, Data.ColumnExpressions.ColumnExprs.Lit(zone));
        }

        var start = Data.ColumnExpressions.ColumnExprs.Call("date_trunc", Data.ColumnExpressions.ColumnExprs.Lit(every), local);
        var daily = Data.Columns.TimeUnits.IsDayOrLonger(every, "rollup");
        flow = flow.Derive(output, daily && kind == Data.Batches.TypeKind.Timestamp ? Data.ColumnExpressions.ColumnExprs.Call("date", start) : start);
        (flow, var functions) = Metrics(flow, map, metrics, path);
        flow = flow.Aggregate([output, .. by], functions);
        if (fill)
        {
            var counts = functions.Where(f => f.Kind is Data.Operators.Aggregation.AggregateKind.Count or Data.Operators.Aggregation.AggregateKind.CountAll or Data.Operators.Aggregation.AggregateKind.CountDistinct)
                .Select(f => f.Output).ToList();
            flow = flow.Then(new PeriodFillOperator(output, every, by, counts));
        }

        return flow.Sort([new SortKey(output, false), .. by.Select(b => new SortKey(b, false))]);
    }

    /// <summary>
    /// The first <c>n</c> rows of each group by <c>order</c> (<c>"-v3"</c> for the largest): a stable sort by the group keys
    /// and the order, then the head of each group — so ties keep input order and exactly n rows per group come out
    /// (fewer when the group is smaller). Rows come out grouped, each group in the ranking order.
    /// </summary>
    private DataFlow TopN(DataFlow flow, object? config, string path)
    {
        var map = Map(config, path);
        var where = path + ": ";
        var by = Args.Strings(map, "by", where) ?? [];
        var order = Args.Strings(map, "order", where) ?? throw new SluiceException($"{path} needs 'order': the columns that rank the rows, such as [\"-revenue\"] for the largest first");
        var n = map.GetValueOrDefault("n") switch
        {
            long l and >= 1 and <= int.MaxValue => (int)l,
            var v => throw new SluiceException($"{path}.n must be a whole number of 1 or more, got {ExprValues.ToText(v)}"),
        };
        Require(flow.Schema, by, path + ".by", map.GetValueOrDefault("by"));
        var ranking = SortKeys(order, descending: false);
        Require(flow.Schema, [.. ranking.Select(static k => k.Column)], path + ".order", map.GetValueOrDefault("order"));
        var keys = by.Select(static b => new SortKey(b, false)).Concat(ranking).ToArray();

        // With one numeric ranking column, rows that cannot make their group's first n are dropped before the sort.
        if (ranking.Length == 1 && flow.Schema.IndexOf(ranking[0].Column) is var r and >= 0 && TopNFilterOperator.CanRank(flow.Schema[r].Type)
            && by.All(b => flow.Schema.IndexOf(b) >= 0))
        {
            flow = flow.Then(new TopNFilterOperator(by, ranking[0].Column, ranking[0].Descending, n));
        }

        return flow.Sort(keys).Then(new FirstPerGroupOperator(by, n));
    }

    /// <summary>
    /// Window functions over partitions in an order: a stable sort by <c>partition_by</c> then <c>order_by</c> (which
    /// spills like the sort step), then <see cref="Data.Operators.Window.WindowOperator"/> adds the columns. Rows come out
    /// in that order.
    /// </summary>
    private DataFlow Window(DataFlow flow, object? config, string path)
    {
        var map = Map(config, path);
        var where = path + ": ";
        var partitionBy = Args.Strings(map, "partition_by", where) ?? [];
        var orderBy = SortKeys(Args.Strings(map, "order_by", where) ?? [], descending: false);
        var columns = Args.Map(map, "columns", where) ?? throw new SluiceException($"{path} needs 'columns', such as {{rn: row_number(), previous: lag(amount), running: sum(amount)}}");
        Require(flow.Schema, partitionBy, path + ".partition_by", map.GetValueOrDefault("partition_by"));
        Require(flow.Schema, [.. orderBy.Select(static k => k.Column)], path + ".order_by", map.GetValueOrDefault("order_by"));
        var parsed = columns.Select(kv => WindowParser.Parse(
            kv.Key, kv.Value, $"{path}.columns.{kv.Key}", orderBy.Length > 0, origin($"{path}.columns.{kv.Key}"), flow.Schema)).ToList();
        var original = flow.Schema.Fields.Select(static f => f.Name).ToList();
        if (parsed.Select(static p => p.Input).OfType<Projection>().ToArray() is { Length: > 0 } inputs)
        {
            flow = flow.Derive(inputs);
        }

        flow = flow.Sort([.. partitionBy.Select(static p => new SortKey(p, false)), .. orderBy]);
        flow = flow.Then(new Data.Operators.Window.WindowOperator(partitionBy, [.. orderBy.Select(static k => k.Column)], [.. parsed.Select(static p => p.Function)]));
        return parsed.Any(static p => p.Input is not null)
            ? flow.Select([.. original.Where(n => !columns.ContainsKey(n)), .. columns.Keys])
            : flow;
    }

    private DataFlow Sort(DataFlow flow, object? config, string path)
    {
        var map = config as IReadOnlyDictionary<string, object?>;
        var names = map is null ? Names(config, path) : Args.Strings(map, "by", path + ": ") ?? throw new SluiceException($"{path} needs 'by'");
        var descending = map is not null && (Args.Bool(map, "descending", path + ": ") ?? false);
        var keys = SortKeys(names, descending);
        Require(flow.Schema, [.. keys.Select(static k => k.Column)], map is null ? path : path + ".by", map is null ? config : map.GetValueOrDefault("by"));
        return flow.Sort(keys);
    }

    /// <summary><c>col</c>, <c>-col</c>, <c>"col desc"</c>, <c>"col asc"</c> as sort keys; <paramref name="descending"/> flips them all.</summary>
    private static SortKey[] SortKeys(IEnumerable<string> names, bool descending)
    {
        return names.Select(n =>
        {
            var trimmed = n.Trim();
            if (trimmed.StartsWith('-'))
            {
                return new SortKey(trimmed[1..], !descending);
            }

            if (trimmed.EndsWith(" desc", StringComparison.OrdinalIgnoreCase))
            {
                return new SortKey(trimmed[..^5].Trim(), !descending);
            }

            return new SortKey(trimmed.EndsWith(" asc", StringComparison.OrdinalIgnoreCase) ? trimmed[..^4].Trim() : trimmed, descending);
        }).ToArray();
    }

    private DataFlow Outliers(DataFlow flow, object? config, StepStats stats, string path)
    {
        var map = Map(config, path);
        var where = path + ": ";
        var column = Args.String(map, "column", where) ?? throw new SluiceException($"{path} needs 'column' (an int64 or decimal column)");
        var by = Args.Strings(map, "by", where) ?? [];
        Require(flow.Schema, [column], path + ".column", column);
        Require(flow.Schema, by, path + ".by", map.GetValueOrDefault("by"));
        var k = map.GetValueOrDefault("k") switch
        {
            null => 3m,
            long l => l,
            double d => (decimal)d,
            var v => throw new SluiceException($"{path}.k must be a number, got {ExprValues.ToText(v)}"),
        };
        var output = Args.String(map, "output", where) ?? "is_outlier";
        var counter = new TrueCounter(output);
        stats.Flagged = counter;
        return flow.FlagOutliers(column, by, k, output).Then(counter);
    }
}
