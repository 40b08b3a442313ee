using System.Globalization;
using System.Text.Json;
using Sluice.Actions;
using Sluice.Data.Quality.Analysis;
using Sluice.Data.Quality.Checks;
using Sluice.Data.Profiling;
using Sluice.Data.Quality.Metrics;
using Sluice.Datasets;
using Sluice.Definition;
using Sluice.Diagnostics;
using Sluice.Quality;
using Sluice.State;
using static Sluice.DataActions.Quality.QualityActionHelpers;

namespace Sluice.DataActions.Quality;

/// <summary>
/// <c>analyze_data_quality</c>: runs quality checks over a dataset, scores the dimensions, applies gates, samples failing
/// rows (optionally quarantining all of them), recommends fixes and — when a <see cref="QualityHistory"/> is given — stores
/// the scores per run and outputs the trend (latest, change against the previous run, average).
/// </summary>
/// <remarks>History is keyed by <c>history_key</c>, by default the pipeline id, and the task id.</remarks>
public sealed partial class AnalyzeDataQualityAction(IDatasetOpener opener, QualityHistory? history = null) : DataAction, IValidatesParameters, Schemas.IDeclaresSchema
{
    /// <summary>The action's name in pipelines.</summary>
    public const string Name = "analyze_data_quality";

    /// <inheritdoc />
    public override ActionDescriptor Descriptor { get; } = new(
        Name,
        "Scores completeness, validity, uniqueness, consistency, accuracy and timeliness from quality checks; gates, samples, recommendations, history.",
        [
            new ParameterSpec("data", ParameterType.Dataset, "The dataset to analyze.", Required: true),
            new ParameterSpec("checks", ParameterType.List, "Checks: 'missing_percent(amount) < 1' or {'missing_percent(amount)': {warn: '> 1', fail: '> 5'}}. The default is a set derived from a profile of the data and quality_dimensions (see docs/quality-metrics.md#default-checks)."),
            new ParameterSpec("references", ParameterType.Map, "Reference data by name for 'values in (c) must exist in name (k)' checks: {customers: '{{ ingest_customers.raw_data }}'} (datasets or paths)."),
            new ParameterSpec("quality_dimensions", ParameterType.List, "Dimensions to report (default all measured); without checks, also the dimensions the default checks cover (default completeness, uniqueness, validity, accuracy)."),
            new ParameterSpec("gates", ParameterType.List, "Gates: [{metric: overall, min: 0.9, on_fail: warn|fail_task|fail_run}]."),
            new ParameterSpec("max_failing_rows", ParameterType.Integer, "Failing rows kept per check.", Default: 20L),
            new ParameterSpec("quarantine", ParameterType.Boolean, "Write every failing row to a quarantine file.", Default: false),
            new ParameterSpec("history_key", ParameterType.String, "The key quality history is stored under (default: the pipeline id)."),
            new ParameterSpec("generate_report", ParameterType.Boolean, "Write the report as quality_report.json and a readable quality_report.md in the task's artifact folder; their paths are the output report_files. The default is false.", Default: false),
        ],
        [
            new OutputSpec("quality_scores", "Score per dimension (measured ones) and 'overall'."),
            new OutputSpec("quality_report", "Per check: text, metric value, outcome, message; plus gates."),
            new OutputSpec("recommendations", "Plain-English suggestions."),
            new OutputSpec("failing_rows", "Samples of failing rows."),
            new OutputSpec("trend", "Per metric: latest, previous, change, average (needs history)."),
            new OutputSpec("quarantine", "The quarantine file (a dataset), or null."),
            new OutputSpec("report_files", "With generate_report: {json, markdown} paths of the written report; otherwise null."),
        ]);

    /// <summary>The same action (same dataset opener) recording into <paramref name="qualityHistory"/>.</summary>
    internal AnalyzeDataQualityAction WithHistory(QualityHistory qualityHistory) => new(opener, qualityHistory);

    /// <inheritdoc />
    protected override async ValueTask<ActionResult> ExecuteCoreAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Given checks are parsed before any data is touched, so a mistake in them is reported first.
        var derive = context.Get("checks") is null or AutoValue;
        var (checks, origins) = derive ? ([], []) : ParseChecks(context, List(context.Get("checks")));
        var dataset = Dataset(context, "data");
        var wanted = List(context.Get("quality_dimensions")).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (derive)
        {
            (checks, origins) = ParseChecks(context, await DeriveChecksAsync(context, dataset, wanted, cancellationToken).ConfigureAwait(false));
        }

        var references = QualityReferences.Read(context);
        if (QualityReferences.UnknownNames(checks, references, context.TaskId) is { } unknown)
        {
            throw new SluiceException(unknown);
        }

        var keySets = await QualityReferences.LoadAsync(context, opener, checks, references, cancellationToken).ConfigureAwait(false);
        var quarantinePath = Path.Combine(context.ArtifactDirectory, "quality_quarantine.jsonl");
        await using var quarantine = new JsonLinesQuarantine(quarantinePath);
        var report = await QualityAnalyzer.AnalyzeAsync(opener.Open(dataset, null), checks, new QualityAnalyzerOptions
        {
            Gates = ParseGates(context),
            MaxFailingRowSamples = (int)Number(context, "max_failing_rows", 20),
            Quarantine = context.Get("quarantine") is true ? quarantine : null,
            SourceName = dataset.Path,
            Context = new MetricContext
            {
                Time = context.Time,
                References = keySets,
                ExpressionCompiler = CheckExpressions.Compiler(c => origins[c]),
            },
        }, cancellationToken).ConfigureAwait(false);

        var scores = report.ScoreMap().Where(kv => wanted.Count == 0 || kv.Key == "overall" || wanted.Contains(kv.Key))
            .ToDictionary(static kv => kv.Key, static kv => (object?)kv.Value, StringComparer.Ordinal);
        object?[] trend = [];
        if (history is not null)
        {
            var key = Text(context, "history_key") ?? (context.PipelineId.Length > 0 ? context.PipelineId : context.TaskId);
            await history.RecordAsync(key, context.TaskId, context.RunId, report.ScoreMap(), cancellationToken).ConfigureAwait(false);
            trend = [.. (await history.GetTrendsAsync(key, context.TaskId, 10, cancellationToken).ConfigureAwait(false)).Select(static t => (object?)new Dictionary<string, object?>
            {
                ["metric"] = t.Metric, ["latest"] = t.Latest, ["previous"] = t.Previous, ["change"] = t.Change, ["average"] = t.Average, ["runs"] = (long)t.Count,
            })];
        }

        foreach (var r in report.Results)
        {
            context.Log.Write("info", r.Message);
        }

        var failed = report.Gates.Where(static g => !g.Passed).ToList();
        foreach (var g in failed)
        {
            var message = string.Create(CultureInfo.InvariantCulture, $"quality gate {g.Gate.Metric} >= {g.Gate.Min}: score {g.Score:0.####}");
            if (g.Gate.Action == GateAction.Warn)
            {
                context.Log.Write("stderr", "warning: " + message);
                QualityGateWarning.Report(context, g.Gate.Metric, g.Gate.Min, g.Score ?? 0, message);
            }
        }

        if (report.Verdict is GateAction.FailTask or GateAction.FailRun)
        {
            // A failed task keeps no outputs: the samples that explain the failure go to the log instead.
            foreach (var f in report.FailingRows)
            {
                context.Log.Write(LogStreams.FailingRows, JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["check"] = f.Check, ["row"] = f.Row, ["column"] = f.Column, ["value"] = f.Value,
                }));
            }
            var g = failed.First(static g => g.Gate.Action != GateAction.Warn);
            var message = string.Create(CultureInfo.InvariantCulture,
                $"quality gate failed ({(g.Gate.Action == GateAction.FailRun ? "fail_run" : "fail_task")}): {g.Gate.Metric} = {g.Score:0.####} is below {g.Gate.Min}; {string.Join("; ", report.Recommendations.Take(3))}");
            throw report.Verdict == GateAction.FailRun ? new RunFailedException(message) : new SluiceException(message);
        }

        var outputs = new Dictionary<string, object?>
        {
            ["quality_scores"] = scores,
            ["quality_report"] = new Dictionary<string, object?>
            {
                ["rows"] = report.Rows,
                ["checks"] = report.Results.Select(static r => (object?)new Dictionary<string, object?>
                {
                    ["check"] = r.Check.Text,
                    ["metric"] = r.Check.Metric switch
                    {
                        MetricKind.ReferenceMissingCount => "values",
                        MetricKind.ExpressionViolationCount => "expression",
                        var kind => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString()),
                    },
                    ["columns"] = r.Check.Columns.ToArray<object?>(),
                    ["value"] = r.Metric.Value,
                    ["outcome"] = r.Outcome.ToString().ToLowerInvariant(),
                    ["message"] = r.Message,
                }).ToArray(),
                ["gates"] = report.Gates.Select(static g => (object?)new Dictionary<string, object?>
                {
                    ["metric"] = g.Gate.Metric,
                    ["min"] = g.Gate.Min,
                    ["score"] = g.Score,
                    ["passed"] = g.Passed,
                }).ToArray(),
            },
            ["recommendations"] = report.Recommendations.ToArray<object?>(),
            ["failing_rows"] = report.FailingRows.Select(static f => (object?)new Dictionary<string, object?>
            {
                ["check"] = f.Check,
                ["row"] = f.Row,
                ["column"] = f.Column,
                ["value"] = f.Value,
            }).ToArray(),
            ["trend"] = trend,
            ["quarantine"] = quarantine.Count > 0 ? new DatasetRef { Path = quarantinePath, Format = "jsonl", Kind = "artifact", Rows = quarantine.Count } : null,
            ["report_files"] = null,
        };
        if (context.Get("generate_report") is true)
        {
            outputs["report_files"] = await QualityReportFiles.WriteAsync(context, dataset, outputs, cancellationToken).ConfigureAwait(false);
        }

        return new ActionResult(outputs);
    }

    /// <summary>The default checks (<see cref="DefaultChecks"/>) for the profile of <paramref name="dataset"/>, logged one per line.</summary>
    private async Task<IReadOnlyList<object?>> DeriveChecksAsync(ActionContext context, DatasetRef dataset, List<string> dimensions, CancellationToken cancellationToken)
    {
        var profile = await DataProfiler.ProfileAsync(opener.Open(dataset, null), null, cancellationToken).ConfigureAwait(false);
        var derived = DefaultChecks.Derive(profile, dimensions);
        context.Log.Write("info", $"no checks given: {derived.Count} derived from the data's profile for {string.Join(", ", dimensions.Count == 0 ? DefaultChecks.DefaultDimensions : dimensions)}");
        foreach (var check in derived)
        {
            context.Log.Write("info", "  check: " + (check as string ?? ((IReadOnlyDictionary<string, object?>)check!).Keys.Single()));
        }

        return derived;
    }

    /// <summary>
    /// Parses every check (all errors at once, before any data is read), including the syntax of expression checks;
    /// <c>Origins</c> locates each expression as <c>task.parameters.checks[i]:line:col</c> for run-time errors.
    /// </summary>
    private static (List<QualityCheck> Checks, Dictionary<QualityCheck, SourceLocation> Origins) ParseChecks(ActionContext context, IReadOnlyList<object?> items)
    {
        var checks = new List<QualityCheck>();
        var origins = new Dictionary<QualityCheck, SourceLocation>(ReferenceEqualityComparer.Instance);
        var errors = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var result = item switch
            {
                string text => CheckParser.Parse(text),
                IReadOnlyDictionary<string, object?> { Count: 1 } map when map.First().Value is IReadOnlyDictionary<string, object?> t => CheckParser.Parse(
                    new SourceText(map.First().Key),
                    t.GetValueOrDefault("warn") is string w ? new SourceText(w) : null,
                    t.GetValueOrDefault("fail") is string f ? new SourceText(f) : null),
                _ => null,
            };
            if (result is null)
            {
                errors.Add($"a check must be text or {{check: {{warn, fail}}}}, not {Describe(item)}");
            }
            else if (result.Check is { } c)
            {
                checks.Add(c);
                if (c.Expression is not null)
                {
                    origins[c] = CheckExpressions.Origin(c, $"{context.TaskId}.parameters.checks[{i}]");
                    if (CheckExpressions.Check(c, origins[c]) is { } bad)
                    {
                        errors.Add(bad.Message);
                    }
                }
            }
            else
            {
                errors.AddRange(result.Diagnostics.Select(static d => d.ToString()));
            }
        }

        return errors.Count == 0 ? (checks, origins) : throw new SluiceException($"invalid checks in task '{context.TaskId}': {string.Join("; ", errors)}");
    }

    private static List<QualityGate> ParseGates(ActionContext context) => [.. List(context.Get("gates")).Select(g => g is IReadOnlyDictionary<string, object?> map
        && map.GetValueOrDefault("metric") is string metric && QualityReport.MetricNames.Contains(metric)
        && map.GetValueOrDefault("min") is long or double
        ? new QualityGate(metric, Convert.ToDouble(map["min"], CultureInfo.InvariantCulture), (map.GetValueOrDefault("on_fail") as string) switch
        {
            null or "fail_task" => GateAction.FailTask,
            "warn" => GateAction.Warn,
            "fail_run" => GateAction.FailRun,
            var other => throw new SluiceException($"gate on_fail '{other}' must be warn, fail_task or fail_run"),
        })
        : throw new SluiceException($"a gate must be {{metric: overall|completeness|validity|uniqueness|consistency|accuracy|timeliness, min: 0.9, on_fail: ...}}, not {Describe(g)}"))];
}
