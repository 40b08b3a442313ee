using System.Globalization;
using Sluice.Actions;
using Sluice.Data.Quality.Analysis;
using Sluice.Data.Quality.Checks;
using Sluice.Datasets;
using Sluice.Definition.Validation;
using Sluice.Diagnostics;
using Sluice.Expressions;
using Sluice.Quality;
using static Sluice.DataActions.Quality.QualityActionHelpers;

namespace Sluice.DataActions.Quality;

/// <summary>
/// <c>analyze_data_quality</c>: runs quality checks over a dataset, scores the dimensions, applies gates, samples failing
/// rows (optionally quarantining all of them), recommends fixes and — when a <see cref="QualityHistory"/> is given — stores
/// the scores per run and outputs the trend (latest, change against the previous run, average).
/// </summary>
/// <remarks>History is keyed by <c>history_key</c>, by default the pipeline id, and the task id.</remarks>
public sealed class AnalyzeDataQualityAction(IDatasetOpener opener, QualityHistory? history = null) : IAction, IValidatesParameters
{
    /// <inheritdoc />
    public ActionDescriptor Descriptor { get; } = new(
        "analyze_data_quality",
        "Scores completeness, validity, uniqueness, consistency, accuracy and timeliness from quality checks; gates, samples, recommendations, history.",
        [
            new ParameterSpec("data", ParameterType.Dataset, "The dataset to analyze.", Required: true),
            new ParameterSpec("checks", ParameterType.List, "Checks: 'missing_percent(amount) < 1' or {'missing_percent(amount)': {warn: '> 1', fail: '> 5'}}.", Required: true),
            new ParameterSpec("quality_dimensions", ParameterType.List, "Dimensions to report (default all measured)."),
            new ParameterSpec("gates", ParameterType.List, "Gates: [{metric: overall, min: 0.9, on_fail: warn|fail_task|fail_run}]."),
            new ParameterSpec("max_failing_rows", ParameterType.Integer, "Failing rows kept per check.", Default: 20L),
            new ParameterSpec("quarantine", ParameterType.Boolean, "Write every failing row to a quarantine file.", Default: false),
            new ParameterSpec("history_key", ParameterType.String, "The key quality history is stored under (default: the pipeline id)."),
        ],
        [
            new OutputSpec("quality_scores", "Score per dimension (measured ones) and 'overall'."),
            new OutputSpec("quality_report", "Per check: text, metric value, outcome, message; plus gates."),
            new OutputSpec("recommendations", "Plain-English suggestions."),
            new OutputSpec("failing_rows", "Samples of failing rows."),
            new OutputSpec("trend", "Per metric: latest, previous, change, average (needs history)."),
            new OutputSpec("quarantine", "The quarantine file (a dataset), or null."),
        ]);

    /// <summary>
    /// Load-time checks: every literal check is parsed with the check parser, its errors (unknown metric, malformed
    /// threshold, bad regex...) located at the character in the file; gates need a known metric, a numeric min and a
    /// known on_fail. Templates are skipped. (A check written as a quoted map key is located at its opening quote.)
    /// </summary>
    public IEnumerable<Diagnostic> ValidateParameters(IReadOnlyDictionary<string, object?> parameters, Func<string, SourceLocation> locate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(locate);
        var found = new List<Diagnostic>();
        void Error(string path, string message, string? hint = null) =>
            found.Add(new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.InvalidValue, message, locate(path), hint));

        SourceText? At(object? text, string path)
        {
            if (text is not string s || Template.ContainsTemplate(s))
            {
                return null;
            }

            // A quoted or block scalar's text starts after its quote (path#value); a plain one where the value starts.
            var v = locate(path);
            var origin = locate(path + "#value") is var t && (t.Line > v.Line || (t.Line == v.Line && t.Column > v.Column)) ? t : v;
            return new SourceText(s, origin.HasPosition ? new(origin.Line, origin.Column) : TextPosition.Start);
        }

        var file = locate(string.Empty).File;
        var checks = parameters.GetValueOrDefault("checks") as IReadOnlyList<object?> ?? [];
        for (var i = 0; i < checks.Count; i++)
        {
            var path = $"checks[{i}]";
            CheckParseResult? result = null;
            switch (checks[i])
            {
                case string text when At(text, path) is { } source:
                    result = CheckParser.Parse(source);
                    break;
                case string:
                    break;
                case IReadOnlyDictionary<string, object?> { Count: 1 } map when map.First().Value is IReadOnlyDictionary<string, object?> t:
                    var key = map.First().Key;
                    var keyAt = locate($"{path}.{key}#key");
                    result = Template.ContainsTemplate(key) ? null : CheckParser.Parse(
                        new SourceText(key, keyAt.HasPosition ? new(keyAt.Line, keyAt.Column) : TextPosition.Start),
                        At(t.GetValueOrDefault("warn"), $"{path}.{key}.warn"),
                        At(t.GetValueOrDefault("fail"), $"{path}.{key}.fail"));
                    break;
                default:
                    Error(path, $"{path} must be a check such as 'missing_percent(amount) < 1' or {{check: {{warn: '> 1', fail: '> 5'}}}}, not {Describe(checks[i])}");
                    break;
            }

            found.AddRange(result?.Diagnostics.Select(d => new Diagnostic(DiagnosticSeverity.Error, d.Code, d.Message, new SourceLocation(file, d.Position.Line, d.Position.Column), d.Hint)) ?? []);
        }

        var gates = parameters.GetValueOrDefault("gates") as IReadOnlyList<object?> ?? [];
        for (var i = 0; i < gates.Count; i++)
        {
            var path = $"gates[{i}]";
            if (gates[i] is not IReadOnlyDictionary<string, object?> gate)
            {
                Error(path, $"{path} must be {{metric: overall, min: 0.9, on_fail: warn|fail_task|fail_run}}, not {Describe(gates[i])}");
                continue;
            }

            if (gate.GetValueOrDefault("metric") is var metric && !(metric is string m && (QualityReport.MetricNames.Contains(m) || Template.ContainsTemplate(m))))
            {
                Error($"{path}.metric", $"{path}.metric cannot be {Describe(metric)}", NameSuggester.Hint(metric as string ?? "", QualityReport.MetricNames, "metrics"));
            }

            if (gate.GetValueOrDefault("min") is var min && min is not (long or double) && !(min is string ms && Template.ContainsTemplate(ms)))
            {
                Error($"{path}.min", $"{path}.min must be a number such as 0.9, not {Describe(min)}");
            }

            if (gate.GetValueOrDefault("on_fail") is string onFail && onFail is not ("warn" or "fail_task" or "fail_run") && !Template.ContainsTemplate(onFail))
            {
                Error($"{path}.on_fail", $"{path}.on_fail cannot be '{onFail}'", NameSuggester.Hint(onFail, ["warn", "fail_task", "fail_run"], "values"));
            }
        }

        return found;
    }

    /// <inheritdoc />
    public async ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var checks = ParseChecks(context);
        var quarantinePath = Path.Combine(context.ArtifactDirectory, "quality_quarantine.jsonl");
        await using var quarantine = new JsonLinesQuarantine(quarantinePath);
        var dataset = Dataset(context, "data");
        var report = await QualityAnalyzer.AnalyzeAsync(opener.Open(dataset, null), checks, new QualityAnalyzerOptions
        {
            Gates = ParseGates(context),
            MaxFailingRowSamples = (int)Number(context, "max_failing_rows", 20),
            Quarantine = context.Get("quarantine") is true ? quarantine : null,
            SourceName = dataset.Path,
            Context = new Data.Quality.Metrics.MetricContext { Time = context.Time },
        }, cancellationToken).ConfigureAwait(false);

        var wanted = List(context.Get("quality_dimensions")).OfType<string>().ToHashSet(StringComparer.Ordinal);
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
            }
        }

        if (report.Verdict is GateAction.FailTask or GateAction.FailRun)
        {
            var g = failed.First(static g => g.Gate.Action != GateAction.Warn);
            var message = string.Create(CultureInfo.InvariantCulture,
                $"quality gate failed ({(g.Gate.Action == GateAction.FailRun ? "fail_run" : "fail_task")}): {g.Gate.Metric} = {g.Score:0.####} is below {g.Gate.Min}; {string.Join("; ", report.Recommendations.Take(3))}");
            throw report.Verdict == GateAction.FailRun ? new RunFailedException(message) : new SluiceException(message);
        }

        return new ActionResult(new Dictionary<string, object?>
        {
            ["quality_scores"] = scores,
            ["quality_report"] = new Dictionary<string, object?>
            {
                ["rows"] = report.Rows,
                ["checks"] = report.Results.Select(static r => (object?)new Dictionary<string, object?>
                {
                    ["check"] = r.Check.Text, ["value"] = r.Metric.Value, ["outcome"] = r.Outcome.ToString().ToLowerInvariant(), ["message"] = r.Message,
                }).ToArray(),
                ["gates"] = report.Gates.Select(static g => (object?)new Dictionary<string, object?>
                {
                    ["metric"] = g.Gate.Metric, ["min"] = g.Gate.Min, ["score"] = g.Score, ["passed"] = g.Passed,
                }).ToArray(),
            },
            ["recommendations"] = report.Recommendations.ToArray<object?>(),
            ["failing_rows"] = report.FailingRows.Select(static f => (object?)new Dictionary<string, object?>
            {
                ["check"] = f.Check, ["row"] = f.Row, ["column"] = f.Column, ["value"] = f.Value,
            }).ToArray(),
            ["trend"] = trend,
            ["quarantine"] = quarantine.Count > 0 ? new DatasetRef { Path = quarantinePath, Format = "jsonl", Kind = "artifact", Rows = quarantine.Count } : null,
        });
    }

    private static List<QualityCheck> ParseChecks(ActionContext context)
    {
        var checks = new List<QualityCheck>();
        var errors = new List<string>();
        foreach (var item in List(context.Get("checks")))
        {
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
            }
            else
            {
                errors.AddRange(result.Diagnostics.Select(static d => d.ToString()));
            }
        }

        return errors.Count == 0 ? checks : throw new SluiceException($"invalid checks in task '{context.TaskId}': {string.Join("; ", errors)}");
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
