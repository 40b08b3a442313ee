using Sluice.Actions;
using Sluice.Data.Batches;
using Sluice.Data.Execution;
using Sluice.Data.Operators;
using Sluice.DataActions.ColumnBinding;
using Sluice.DataActions.Common;
using Sluice.DataActions.IO;
using Sluice.DataActions.Schemas;
using Sluice.Definition;
using Sluice.Definition.Validation;
using Sluice.Diagnostics;
using Sluice.Expressions;
using Sluice.Lineage;

namespace Sluice.DataActions.Transform;

/// <summary>
/// <c>apply_transformations</c>: streams a dataset through an ordered list of steps (<see cref="StepPlanner.Kinds"/>) and writes the result as an artifact. Column
/// expressions use the pipeline expression language over columns. Malformed input records and rejected rows go to
/// <c>quarantine.jsonl</c> in the artifact folder; <c>transformation_log</c> counts rows per step.
/// </summary>
public sealed class ApplyTransformationsAction(DatasetReader reader) : DataAction, IValidatesParameters, IDeclaresSchema
{
    /// <inheritdoc />
    public override ActionDescriptor Descriptor { get; } = new(
        "apply_transformations",
        $"Streams a dataset through an ordered list of steps — {string.Join(", ", StepPlanner.Kinds)} — and writes the result as a CSV artifact. Each step is a map with one of those keys and an optional 'name'; expressions are column expressions such as \"lower(trim(category))\".",
        [
            new ParameterSpec("data", ParameterType.Dataset, "The input: an upstream dataset output, a path, or a map {path, format, ...}.", Required: true),
            new ParameterSpec("transformations", ParameterType.List, $"The steps, in order, each a map with one of: {string.Join(", ", StepPlanner.Kinds)} (see docs/data.md). Aggregate functions: {string.Join(", ", MetricParser.Names)}. Window functions: {string.Join(", ", WindowParser.Names)}. <AUTO> applies none (the data is passed through) and says so in the log.", Default: Array.Empty<object?>(), SupportsAuto: true),
            new ParameterSpec("preserve_lineage", ParameterType.Boolean, "Adds the input path and the step list to the log. The default is false.", Default: false),
        ],
        [
            new OutputSpec("transformed_data", "The result (a dataset handle: CSV artifact with schema and row count)."),
            new OutputSpec("transformation_log", "Counts: rows_in, rows_out, quarantined, and per step name: kind, rows_out, rejected, flagged, fill_value."),
        ]);

    /// <summary>
    /// Load-time checks of a literal step list: each step's shape (one known kind), the syntax of every column expression
    /// (filter, reject, derive; errors at the character inside the expression), aggregate metrics, cast types and limits.
    /// Columns are not checked here (the data's schema is known at run time); templates are skipped.
    /// </summary>
    public IEnumerable<Diagnostic> ValidateParameters(IReadOnlyDictionary<string, object?> parameters, Func<string, SourceLocation> locate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(locate);
        var found = new List<Diagnostic>();
        if (parameters.GetValueOrDefault("transformations") is not IReadOnlyList<object?> steps)
        {
            return found;
        }

        void Error(string path, string message, string? hint = null) =>
            found.Add(new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.InvalidValue, message, locate(path), hint));

        for (var i = 0; i < steps.Count; i++)
        {
            var path = $"transformations[{i}]";
            if (steps[i] is not IReadOnlyDictionary<string, object?> step)
            {
                Error(path, $"{path} must be a map with one of: {string.Join(", ", StepPlanner.Kinds)}, got {ExprValues.ToText(steps[i])}");
                continue;
            }

            var kinds = step.Keys.Where(static k => k != "name").ToList();
            if (kinds.Count != 1 || !StepPlanner.Kinds.Contains(kinds[0]))
            {
                var unknown = kinds.FirstOrDefault(static k => !StepPlanner.Kinds.Contains(k));
                Error(unknown is null ? path : $"{path}.{unknown}#key", $"{path} must have exactly one of: {string.Join(", ", StepPlanner.Kinds)} (and optionally 'name'); found {string.Join(", ", step.Keys)}",
                    unknown is null ? null : NameSuggester.Hint(unknown, [.. StepPlanner.Kinds], "steps"));
                continue;
            }

            var kind = kinds[0];
            var at = $"{path}.{kind}";
            var config = step[kind];
            if (config is string t && Template.ContainsTemplate(t))
            {
                continue;
            }

            switch (kind, config)
            {
                case ("filter", _) or ("reject", string):
                    CheckExpression(config, at, locate, found);
                    break;
                case ("reject", IReadOnlyDictionary<string, object?> reject):
                    CheckExpression(reject.GetValueOrDefault("when"), at + ".when", locate, found);
                    break;
                case ("derive", IReadOnlyDictionary<string, object?> derive):
                    foreach (var (name, text) in derive)
                    {
                        CheckExpression(text, $"{at}.{name}", locate, found);
                    }

                    break;
                case ("aggregate", IReadOnlyDictionary<string, object?> aggregate) when aggregate.GetValueOrDefault("metrics") is IReadOnlyDictionary<string, object?> metrics:
                    foreach (var (name, text) in metrics.Where(static m => m.Value is not string v || !Template.ContainsTemplate(v)))
                    {
                        try
                        {
                            MetricParser.Parse(name, text as string ?? "", "", MedianRounding.HalfUp, ValueOrigin($"{at}.metrics.{name}", locate));
                        }
                        catch (ExpressionException ex)
                        {
                            found.Add(ex.Diagnostic ?? new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.InvalidValue, $"{at}.metrics.{name}: {ex.Reason}", ex.Location));
                        }
                        catch (SluiceException ex)
                        {
                            Error($"{at}.metrics.{name}", ex.Message);
                        }
                    }

                    break;
                case ("cast", IReadOnlyDictionary<string, object?> cast):
                    foreach (var (column, type) in cast.Where(static c => c.Value is not string v || !Template.ContainsTemplate(v)))
                    {
                        if (DataType.TryParse(type as string ?? "") is null)
                        {
                            Error($"{at}.{column}", $"{at}.{column}: unknown type '{ExprValues.ToText(type)}'", "types: int64, float64, bool, string, date, timestamp, decimal(S)");
                        }
                    }

                    break;
                case ("limit", not long):
                case ("limit", < 0L):
                    Error(at, $"{at} must be a non-negative integer, got {ExprValues.ToText(config)}");
                    break;
                case ("derive" or "rename" or "cast" or "fill" or "join" or "aggregate" or "rollup" or "top_n" or "window" or "pivot" or "unpivot" or "sample" or "explode" or "outliers", not IReadOnlyDictionary<string, object?>):
                    Error(at, $"{at} must be a map, got {ExprValues.TypeName(config)}");
                    break;
            }
        }

        return found;
    }

    /// <summary>
    /// <c>transformed_data</c>: the steps planned over the input's schema exactly as at run time (<see cref="StepPlanner"/>),
    /// without reading a row. Every step that fails is reported at its place in the file and skipped, so the later steps are
    /// checked too; a join or union with a dataset known only at run time ends the check there.
    /// </summary>
    public IReadOnlyDictionary<string, Data.Batches.Schema> OutputSchemas(SchemaRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var none = new Dictionary<string, Data.Batches.Schema>(StringComparer.Ordinal);
        if (request.Dataset("data") is not { } input)
        {
            return none;
        }

        if (request.Parameters.GetValueOrDefault("transformations") is not IReadOnlyList<object?> steps)
        {
            if (request.Parameters.GetValueOrDefault("transformations") is null or AutoValue)
            {
                return new Dictionary<string, Data.Batches.Schema>(StringComparer.Ordinal) { ["transformed_data"] = input };
            }

            request.Unknowable("'transformations' is computed at run time");
            return none;
        }

        // A template anywhere in a step (but the datasets a join or union reads, resolved like 'data') is rendered only at run time.
        if (steps.Any(StepHoldsTemplate))
        {
            request.Unknowable("a step is computed at run time");
            return none;
        }

        var failed = false;
        var planner = new StepPlanner(
            (value, path) => (null, request.Dataset(value, path) is { } schema ? new SchemaOnlySource(schema) : throw new SchemaUnknownException(path)),
            Anomalies.DiscardQuarantine.Instance,
            "",
            request.Origin)
        {
            OnStepError = error =>
            {
                failed = true;
                request.Report(error as ExpressionException ?? new ExpressionException(error.Message, request.Locate(StepPath(error.Message))));
            },
        };
        try
        {
            var output = planner.Plan(DataFlow.From(new SchemaOnlySource(input)), steps).Schema;
            return failed ? none : new(StringComparer.Ordinal) { ["transformed_data"] = output };
        }
        catch (SchemaUnknownException)
        {
            return none;
        }

        static bool HoldsTemplate(object? value) => value switch
        {
            string text => Template.ContainsTemplate(text),
            IReadOnlyDictionary<string, object?> map => map.Values.Any(HoldsTemplate),
            IReadOnlyList<object?> list => list.Any(HoldsTemplate),
            _ => false,
        };

        static bool StepHoldsTemplate(object? step) => step is IReadOnlyDictionary<string, object?> map
            ? map.Any(static kv => kv.Key is "join" or "union" && kv.Value is IReadOnlyDictionary<string, object?> config
                ? config.Any(static c => c.Key != "with" && HoldsTemplate(c.Value))
                : HoldsTemplate(kv.Value))
            : HoldsTemplate(step);

        // A planner message starts with the step's path ("transformations[2].aggregate: ..."), which locates it.
        static string StepPath(string message) => message.IndexOfAny([':', ' ']) is var end and > 0 ? message[..end] : "";
    }

    /// <summary>
    /// Partition pruning: the leading <c>filter</c> steps that name only partition columns of a partitioned folder also
    /// become its <c>partitions</c> filter, so the folders they reject are never opened (the steps still run, and pass
    /// every row that is read).
    /// </summary>
    private Datasets.DatasetRef PushDownPartitionFilters(Datasets.DatasetRef data, IReadOnlyList<object?> steps, ActionContext context)
    {
        var filters = steps.TakeWhile(static s => s is IReadOnlyDictionary<string, object?> m && m.ContainsKey("filter"))
            .Select(static s => ((IReadOnlyDictionary<string, object?>)s!)["filter"] as string)
            .TakeWhile(static t => t is not null && !Template.ContainsTemplate(t))
            .ToList();
        if (filters.Count == 0 || data.Format == DatasetArgument.UnionFormat)
        {
            return data;
        }
        var keys = reader.PartitionKeys(data);
        if (keys.Count == 0)
        {
            return data;
        }
        var pushed = filters.Where(t => OnlyPartitionColumns(t!, keys)).ToList();
        if (pushed.Count == 0)
        {
            return data;
        }
        var existing = data.Options.GetValueOrDefault(HivePartitions.FilterOption) as string;
        var filter = string.Join(" and ", (existing is null ? pushed : pushed.Prepend(existing)).Select(static t => $"({t})"));
        context.Log.Write("info", $"partition filter on {data.Path}: {filter} (folders it rejects are not read)");
        return data with { Options = new Dictionary<string, object?>(data.Options, StringComparer.Ordinal) { [HivePartitions.FilterOption] = filter } };
    }

    private static bool OnlyPartitionColumns(string filter, IReadOnlyList<string> keys)
    {
        try
        {
            return Data.ColumnExpressions.ColumnExprs.ColumnsOf(ColumnBinder.Parse(filter, new SourceLocation("filter", 1, 1))).All(keys.Contains);
        }
        catch (ExpressionException)
        {
            // The step reports its own error where it runs.
            return false;
        }
    }

    /// <summary>Parses a literal column expression, reporting a syntax or function error at its character in the file.</summary>
    private static void CheckExpression(object? value, string path, Func<string, SourceLocation> locate, List<Diagnostic> found)
    {
        if (value is not string text)
        {
            found.Add(new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.InvalidValue, $"{path} must be a column expression (text), got {ExprValues.ToText(value)}", locate(path)));
            return;
        }

        if (Template.ContainsTemplate(text))
        {
            return;
        }

        var origin = ValueOrigin(path, locate);
        try
        {
            ColumnBinder.Parse(text, origin);
        }
        catch (ExpressionException ex)
        {
            found.Add(ex.Diagnostic ?? new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.InvalidValue, $"{path}: {ex.Reason}", ex.Location));
        }
    }

    /// <summary>Where the text of a value starts: after its quote for a quoted or block scalar (path#value), else where the value starts.</summary>
    private static SourceLocation ValueOrigin(string path, Func<string, SourceLocation> locate)
    {
        var value0 = locate(path);
        return locate(path + "#value") is var t && (t.Line > value0.Line || (t.Line == value0.Line && t.Column > value0.Column)) ? t : value0;
    }

    /// <inheritdoc />
    protected override async ValueTask<ActionResult> ExecuteCoreAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = DatasetArgument.Resolve(context.Get("data"), "data", context);
        IReadOnlyList<object?> steps;
        switch (context.Get("transformations"))
        {
            case AutoValue:
                context.Log.Write("info", "AUTO transformations: no target schema is known, so no step is applied; the data passes through unchanged");
                steps = [];
                break;
            case null:
                steps = [];
                break;
            case IReadOnlyList<object?> list:
                steps = list;
                break;
            case var v:
                throw new SluiceException($"parameter 'transformations' must be a list of steps, got {ExprValues.TypeName(v)}");
        }

        data = PushDownPartitionFilters(data, steps, context);
        using var quarantine = new QuarantineFile(Path.Combine(context.ArtifactDirectory, "quarantine.jsonl"));
        var opened = reader.Open(data, quarantine);
        var planner = StepPlanner.ForRun(context, reader, quarantine, data.Path, new ColumnLineage(Lineage.LineageCapture.Identity(data), opened.Source.Schema));
        var flow = planner.Plan(DataFlow.From(opened.Source), steps);
        var output = await ArtifactWriter.WriteAsync(flow, context, "transformed_data", cancellationToken).ConfigureAwait(false);
        var log = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["rows_in"] = opened.RecordsRead(),
            ["rows_out"] = output.Rows,
            ["quarantined"] = quarantine.Count,
            ["quarantine"] = quarantine.Count > 0 ? quarantine.Path : null,
            ["steps"] = planner.Stats.ToDictionary(static s => s.Name, static s => (object?)s.ToMap(), StringComparer.Ordinal),
        };
        if (context.Get("preserve_lineage") is true)
        {
            log["lineage"] = new Dictionary<string, object?> { ["input"] = data.Path, ["steps"] = planner.Stats.Select(static s => (object?)$"{s.Name}:{s.Kind}").ToArray(), ["output"] = output.Path };
        }

        if (quarantine.Count > 0)
        {
            context.Log.Write("info", $"{quarantine.Count} record(s) quarantined in {quarantine.Path}");
        }

        return new ActionResult(new Dictionary<string, object?> { ["transformed_data"] = output, ["transformation_log"] = log })
        {
            Lineage =
            [
                new DatasetLineage(LineageDirection.Read, data),
                .. planner.Joined.Select(static j => new DatasetLineage(LineageDirection.Read, j)),
                new DatasetLineage(LineageDirection.Write, output) { Columns = planner.Lineage!.Origins },
            ],
        };
    }
}
