using Sluice.Actions;
using Sluice.Data;
using Sluice.Data.Execution;
using Sluice.Data.Quarantine;
using Sluice.DataActions.ColumnBinding;
using Sluice.DataActions.Common;
using Sluice.DataActions.IO;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.DataActions.Transform;

/// <summary>
/// Turns the <c>transformations</c> list into operators on a <see cref="DataFlow"/>. Each step is a map with one kind
/// key (filter, reject, derive, select, rename, cast, fill, dedupe, join, aggregate, rollup, top_n, window, pivot, unpivot, union, distinct, sample, explode, sort, limit, outliers) and an
/// optional <c>name</c>; a counter after each step feeds the step statistics. Every step is bound to the schema
/// produced by the steps before it, so a wrong column or type fails before any data is read.
/// </summary>
internal sealed partial class StepPlanner(StepPlanner.Opener open, IQuarantineSink quarantine, string source, Func<string, SourceLocation> origin)
{
    /// <summary>Opens a dataset a step reads besides its input (join, union) from its value and the path of that value; the handle is null before the run.</summary>
    public delegate (Datasets.DatasetRef? Dataset, IBatchSource Source) Opener(object? value, string path);

    public static IReadOnlyList<string> Kinds { get; } =
        ["filter", "reject", "derive", "select", "rename", "cast", "fill", "dedupe", "join", "aggregate", "rollup", "top_n", "window", "pivot", "unpivot", "union", "distinct", "sample", "explode", "sort", "limit", "outliers"];

    private readonly List<IDisposable> _resources = [];

    public List<StepStats> Stats { get; } = [];

    /// <summary>
    /// Set when checking before the run (<see cref="Schemas.IDeclaresSchema"/>): a step that fails is reported here and
    /// skipped, so the steps after it are checked too. Null (the default) at run time: the first error fails the task.
    /// </summary>
    public Action<SluiceException>? OnStepError { get; init; }

    /// <summary>
    /// The planner of a task: datasets are resolved and opened as the task reads them, and errors inside a step are
    /// located at <c>task.parameters.path:line:col</c> (the same messages as the checks before the run, which locate them in the file).
    /// </summary>
    public static StepPlanner ForRun(ActionContext context, DatasetReader reader, IQuarantineSink quarantine, string source, ColumnLineage lineage) => new(
        (value, path) =>
        {
            var dataset = DatasetArgument.Resolve(value, path, context);
            return (dataset, reader.Open(dataset, quarantine).Source);
        },
        quarantine,
        source,
        path => new SourceLocation($"{context.TaskId}.parameters.{path.Split('#')[0]}", 1, 1))
    {
        Lineage = lineage,
    };

    /// <summary>Where each output column came from, followed through the steps planned so far (set before planning).</summary>
    public ColumnLineage? Lineage { get; init; }

    /// <summary>Datasets the steps read besides the input (joins).</summary>
    public List<Datasets.DatasetRef> Joined { get; } = [];

    /// <summary>Sources opened for joins; the caller disposes them after the run.</summary>
    public IReadOnlyList<IDisposable> Resources => _resources;

    public DataFlow Plan(DataFlow flow, IReadOnlyList<object?> steps)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            var where = $"transformations[{i}]";
            if (steps[i] is not IReadOnlyDictionary<string, object?> step)
            {
                throw new SluiceException($"{where} must be a map with one of: {string.Join(", ", Kinds)}, got {ExprValues.ToText(steps[i])}");
            }

            var kinds = step.Keys.Where(k => k != "name").ToList();
            if (kinds.Count != 1 || !Kinds.Contains(kinds[0]))
            {
                var unknown = kinds.FirstOrDefault(k => !Kinds.Contains(k));
                var hint = unknown is null ? "" : $" ({Definition.Validation.NameSuggester.Hint(unknown, [.. Kinds], "steps")})";
                throw new SluiceException($"{where} must have exactly one of: {string.Join(", ", Kinds)} (and optionally 'name'); found {string.Join(", ", step.Keys)}{hint}");
            }

            var kind = kinds[0];
            var name = step.GetValueOrDefault("name") as string ?? UniqueName(kind);
            var stats = new StepStats(name, kind);
            var path = $"{where}.{kind}";
            try
            {
                var before = flow.Schema;
                var next = Apply(flow, kind, step[kind], stats, path);
                next = next.Then(stats.Out);
                _ = next.Schema; // binds now: errors point at this step
                Track(kind, step[kind], before, next.Schema, path);
                flow = next;
            }
            catch (DataException ex)
            {
                Fail(new SluiceException($"{path} (step '{name}'): {ex.Message}"));
            }
            catch (SluiceException ex) when (OnStepError is not null && ex is not Schemas.SchemaUnknownException)
            {
                OnStepError(ex);
            }

            Stats.Add(stats);
        }

        return flow;
    }

    private DataFlow Apply(DataFlow flow, string kind, object? config, StepStats stats, string path) => kind switch
    {
        "filter" => flow.Filter(Column(Text(config, path), path, flow)),
        "reject" => Reject(flow, config, stats, path),
        "derive" => Derive(flow, config, path),
        "select" => flow.Select([.. Require(flow.Schema, Names(config, path), path, config)]),
        "rename" => flow.Rename(Keys(flow.Schema, config, path).ToDictionary(static kv => kv.Key, kv => kv.Value as string ?? throw new SluiceException($"{path}.{kv.Key} must be the new name"), StringComparer.Ordinal)),
        "cast" => flow.Cast(Keys(flow.Schema, config, path).ToDictionary(static kv => kv.Key, kv => IO.DatasetSchema.Parse(kv.Value as string ?? "", kv.Key), StringComparer.Ordinal)),
        "fill" => Fill(flow, config, stats, path),
        "dedupe" => Dedupe(flow, config, path),
        "join" => Join(flow, config, path),
        "aggregate" => Aggregate(flow, config, path),
        "rollup" => Rollup(flow, config, path),
        "top_n" => TopN(flow, config, path),
        "window" => Window(flow, config, path),
        "pivot" => Pivot(flow, config, path),
        "unpivot" => Unpivot(flow, config, path),
        "union" => Union(flow, config, path),
        "distinct" => Distinct(flow, config, path),
        "sample" => Sample(flow, config, path),
        "explode" => Explode(flow, config, path),
        "sort" => Sort(flow, config, path),
        "limit" => flow.Limit(config is long n && n >= 0 ? n : throw new SluiceException($"{path} must be a non-negative integer")),
        _ => Outliers(flow, config, stats, path),
    };

    /// <summary>Follows the column lineage through one step (after it bound, so its configuration is valid).</summary>
    private void Track(string kind, object? config, Data.Batches.Schema before, Data.Batches.Schema after, string path)
    {
        if (Lineage is not { } lineage)
        {
            return;
        }

        var map = config as IReadOnlyDictionary<string, object?>;
        switch (kind)
        {
            case "derive":
                foreach (var (name, value) in map!)
                {
                    var text = (string)value!;
                    lineage.Compute(name, Data.ColumnExpressions.ColumnExprs.ColumnsOf(ColumnBinder.Parse(text, new SourceLocation(path, 1, 1))), $"derive: {text}");
                }

                break;
            case "cast" or "fill":
                foreach (var column in kind == "cast" ? map!.Keys : Args.Strings(map!, "columns", "") ?? Args.Strings(map!, "column", "") ?? [])
                {
                    lineage.Compute(column, [column], kind == "cast" ? $"cast: {map!.GetValueOrDefault(column)}" : $"fill: {map!.GetValueOrDefault("strategy") ?? "constant"}");
                }

                break;
            case "pivot":
                foreach (var name in map!.GetValueOrDefault("names") as IReadOnlyList<object?> ?? [])
                {
                    lineage.Compute(ExprValues.ToText(name), [Args.String(map!, "values", "")!, Args.String(map!, "columns", "")!], $"pivot: {Args.String(map!, "agg", "") ?? "sum"}");
                }

                break;
            case "unpivot":
                var unpivoted = Args.Strings(map!, "columns", "") ?? [];
                lineage.Compute(Args.String(map!, "names_to", "") ?? "name", [], "unpivot: column names");
                lineage.Compute(Args.String(map!, "values_to", "") ?? "value", unpivoted, "unpivot");
                break;
            case "join":
                var right = Joined[^1];
                lineage.Bring(Sluice.Lineage.LineageCapture.Identity(right), after.Fields.Select(static f => f.Name).Where(n => before.IndexOf(n) < 0), "join");
                break;
            case "aggregate" or "rollup":
                if (kind == "rollup")
                {
                    lineage.Compute(Args.String(map!, "as", "") ?? "period", [Args.String(map!, "time", "")!], $"rollup: {Args.String(map!, "every", "")}");
                }

                foreach (var (output, value) in Args.Map(map!, "metrics", "") ?? new Dictionary<string, object?>())
                {
                    var text = value as string ?? "";
                    var metric = MetricParser.Parse(output, text, "", Data.Operators.MedianRounding.HalfUp);
                    var read = new[] { metric.Function.Column, metric.Function.Second }.OfType<string>()
                        .SelectMany(c => metric.Inputs.FirstOrDefault(i => i.Name == c) is { } hidden ? Data.ColumnExpressions.ColumnExprs.ColumnsOf(hidden.Expression) : [c])
                        .Distinct(StringComparer.Ordinal);
                    lineage.Compute(output, [.. read], $"aggregate: {text.Trim()}");
                }

                break;
            case "window":
                foreach (var (output, value) in Args.Map(map!, "columns", "") ?? new Dictionary<string, object?>())
                {
                    var (function, input) = WindowParser.Parse(output, value, path, true, new SourceLocation(path, 1, 1), null);
                    IReadOnlyList<string> read = input is not null ? Data.ColumnExpressions.ColumnExprs.ColumnsOf(input.Expression) : function.Column is { } c ? [c] : [];
                    lineage.Compute(output, read, $"window: {function.Kind}");
                }

                break;
            case "outliers":
                lineage.Compute(Args.String(map!, "output", "") ?? "is_outlier", [Args.String(map!, "column", "")!, .. Args.Strings(map!, "by", "") ?? []], "outliers");
                break;
        }

        lineage.Keep(after, kind == "rename" ? map!.ToDictionary(static kv => kv.Key, static kv => (string)kv.Value!, StringComparer.Ordinal) : null);
    }

    private void Fail(SluiceException error)
    {
        if (OnStepError is null)
        {
            throw error;
        }

        OnStepError(error);
    }

    private string UniqueName(string kind)
    {
        var name = kind;
        for (var n = 2; Stats.Any(s => s.Name == name); n++)
        {
            name = $"{kind}_{n}";
        }

        return name;
    }

    /// <summary>Binds a column expression to the flow's current schema; errors are located in the parameter text.</summary>
    private Data.ColumnExpressions.ColumnExpr Column(string text, string path, DataFlow flow) =>
        ColumnBinder.Parse(text, origin(path), flow.Schema);

    private static string Text(object? value, string path) =>
        value as string ?? throw new SluiceException($"{path} must be an expression (text), got {ExprValues.TypeName(value)}");

    private static IReadOnlyDictionary<string, object?> Map(object? value, string path) =>
        value as IReadOnlyDictionary<string, object?> ?? throw new SluiceException($"{path} must be a map, got {ExprValues.TypeName(value)}");

    private static IReadOnlyList<string> Names(object? value, string path) => value switch
    {
        string s => [s],
        IReadOnlyList<object?> list => [.. list.Select(i => i as string ?? throw new SluiceException($"{path} must be a list of column names"))],
        _ => throw new SluiceException($"{path} must be a column name or a list of them, got {ExprValues.TypeName(value)}"),
    };
}
