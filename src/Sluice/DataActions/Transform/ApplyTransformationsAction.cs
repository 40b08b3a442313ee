using Sluice.Actions;
using Sluice.Data.Execution;
using Sluice.DataActions.Common;
using Sluice.DataActions.IO;
using Sluice.Definition;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.DataActions.Transform;

/// <summary>
/// <c>apply_transformations</c>: streams a dataset through an ordered list of steps (filter, reject, derive, select,
/// rename, cast, fill, dedupe, join, aggregate, sort, limit, outliers) and writes the result as an artifact. Column
/// expressions use the pipeline expression language over columns. Malformed input records and rejected rows go to
/// <c>quarantine.jsonl</c> in the artifact folder; <c>transformation_log</c> counts rows per step.
/// </summary>
public sealed class ApplyTransformationsAction : IAction
{
    /// <inheritdoc />
    public ActionDescriptor Descriptor { get; } = new(
        "apply_transformations",
        "Streams a dataset through an ordered list of steps — filter, reject, derive, select, rename, cast, fill, dedupe, join, aggregate, sort, limit, outliers — and writes the result as a CSV artifact. Each step is a map with one of those keys and an optional 'name'; expressions are column expressions such as \"lower(trim(category))\".",
        [
            new ParameterSpec("data", ParameterType.Dataset, "The input: an upstream dataset output, a path, or a map {path, format, ...}.", Required: true),
            new ParameterSpec("transformations", ParameterType.List, "The steps, in order. <AUTO> applies none (the data is passed through) and says so in the log.", Default: Array.Empty<object?>(), SupportsAuto: true),
            new ParameterSpec("preserve_lineage", ParameterType.Boolean, "Adds the input path and the step list to the log. The default is false.", Default: false),
        ],
        [
            new OutputSpec("transformed_data", "The result (a dataset handle: CSV artifact with schema and row count)."),
            new OutputSpec("transformation_log", "Counts: rows_in, rows_out, quarantined, and per step name: kind, rows_out, rejected, flagged, fill_value."),
        ]);

    /// <inheritdoc />
    public async ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = DatasetArgument.Resolve(context.Get("data"), "data", context.Log);
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

        using var quarantine = new QuarantineFile(Path.Combine(context.ArtifactDirectory, "quarantine.jsonl"));
        var opened = DatasetReader.Open(data, quarantine);
        var planner = new StepPlanner(context, quarantine, data.Path);
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

        return new ActionResult(new Dictionary<string, object?> { ["transformed_data"] = output, ["transformation_log"] = log });
    }
}
