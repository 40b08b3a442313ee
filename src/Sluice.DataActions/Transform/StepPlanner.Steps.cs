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

    private static DataFlow Fill(DataFlow flow, object? config, StepStats stats, string path)
    {
        var map = Map(config, path);
        var where = path + ": ";
        var columns = Args.Strings(map, "columns", where) ?? Args.Strings(map, "column", where) ?? throw new SluiceException($"{path} needs 'column' (or 'columns')");
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

    private static DataFlow Dedupe(DataFlow flow, object? config, string path)
    {
        if (config is IReadOnlyDictionary<string, object?> map)
        {
            var where = path + ": ";
            var keys = Args.Strings(map, "keys", where) ?? Args.Strings(map, "on", where) ?? [.. flow.Schema.Fields.Select(static f => f.Name)];
            var keep = Args.OneOf(Args.String(map, "keep", where), "keep", where, "first", "first", "last");
            return flow.Dedupe(keys, keep == "first" ? DedupeKeep.First : DedupeKeep.Last);
        }

        return flow.Dedupe(config is null ? [.. flow.Schema.Fields.Select(static f => f.Name)] : Names(config, path));
    }

    private DataFlow Join(DataFlow flow, object? config, string path)
    {
        var map = Map(config, path);
        var where = path + ": ";
        var right = DatasetArgument.Resolve(map.GetValueOrDefault("with"), path + ".with", context.Log);
        var opened = reader.Open(right, quarantine);
        var on = Args.Strings(map, "on", where);
        var leftKeys = Args.Strings(map, "left_on", where) ?? on ?? throw new SluiceException($"{path} needs 'on' (or 'left_on' and 'right_on')");
        var rightKeys = Args.Strings(map, "right_on", where) ?? on ?? leftKeys;
        var how = Args.OneOf(Args.String(map, "how", where), "how", where, "inner", "inner", "left");
        IBatchSource build = opened.Source;
        if (Args.Strings(map, "columns", where) is { } columns)
        {
            build = DataFlow.From(build).Select([.. rightKeys.Union(columns)]);
        }

        return flow.Join(build, leftKeys, rightKeys, how == "inner" ? JoinKind.Inner : JoinKind.Left);
    }

    private static DataFlow Aggregate(DataFlow flow, object? config, string path)
    {
        var map = Map(config, path);
        var where = path + ": ";
        var by = Args.Strings(map, "by", where) ?? [];
        var rounding = Args.String(map, "median_rounding", where) == "half_down" ? MedianRounding.HalfDown : MedianRounding.HalfUp;
        var metrics = Args.Map(map, "metrics", where) ?? throw new SluiceException($"{path} needs 'metrics', such as {{revenue_sum: sum(revenue), rows: count()}}");
        var functions = metrics.Select(kv => MetricParser.Parse(kv.Key, kv.Value as string ?? "", where, rounding)).ToArray();
        return flow.Aggregate(by, functions);
    }

    private static DataFlow Sort(DataFlow flow, object? config, string path)
    {
        var map = config as IReadOnlyDictionary<string, object?>;
        var names = map is null ? Names(config, path) : Args.Strings(map, "by", path + ": ") ?? throw new SluiceException($"{path} needs 'by'");
        var descending = map is not null && (Args.Bool(map, "descending", path + ": ") ?? false);
        var keys = names.Select(n =>
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
        return flow.Sort(keys);
    }

    private static DataFlow Outliers(DataFlow flow, object? config, StepStats stats, string path)
    {
        var map = Map(config, path);
        var where = path + ": ";
        var column = Args.String(map, "column", where) ?? throw new SluiceException($"{path} needs 'column' (an int64 or decimal column)");
        var by = Args.Strings(map, "by", where) ?? [];
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
