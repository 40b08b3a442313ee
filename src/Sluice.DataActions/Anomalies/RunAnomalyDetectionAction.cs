using System.Globalization;
using Sluice.Actions;
using Sluice.Data.Batches;
using Sluice.Data.Profiling;
using Sluice.DataActions.Common;
using Sluice.DataActions.IO;
using Sluice.Definition.Validation;
using Sluice.Diagnostics;

namespace Sluice.DataActions.Anomalies;

/// <summary>
/// <c>run_anomaly_detection</c>: flags anomalous rows of a dataset by z-score, Tukey's IQR fences (both per column and
/// optionally per group) or an isolation forest over all feature columns, and splits the data into anomalies and normal
/// rows. Nulls are never flagged. zscore and iqr keep only the feature columns in memory (8 bytes per value) and read the
/// input twice (statistics, then output); the isolation forest also copies the complete rows into one matrix
/// (rows × columns × 8 bytes), so it suits data that fits in memory. A task's <c>provider: local</c> model picks the
/// method; with a <c>path</c> the fitted model is loaded from that file, or fitted on this data and saved there when the
/// file does not exist, so later runs score with the same model (<see cref="AnomalyModel"/> has the file format).
/// </summary>
public sealed partial class RunAnomalyDetectionAction(DatasetReader reader) : DataAction, IValidatesParameters
{
    /// <inheritdoc />
    public override ActionDescriptor Descriptor { get; } = new(
        "run_anomaly_detection",
        "Flags anomalous rows with zscore, iqr (per column, optionally per group) or isolation_forest (all feature columns together); outputs the anomalies with a score, every row's score, the normal rows and statistics. Nulls are never flagged.",
        [
            new ParameterSpec("data", ParameterType.Dataset, "The dataset to examine.", Required: true),
            new ParameterSpec("method", ParameterType.String, "zscore, iqr or isolation_forest. <AUTO> (or unset): isolation_forest for 2+ columns without group_by; otherwise zscore when the first column's |skewness| <= 1, else iqr.",
                AllowedValues: ["zscore", "iqr", "isolation_forest"], SupportsAuto: true),
            new ParameterSpec("columns", ParameterType.List, "Numeric feature columns (int64, float64, decimal). The default is every numeric column not in group_by, except identifier-like ones (names id, *_id, *Id, uuid, *_key; integer columns whose values are all distinct)."),
            new ParameterSpec("group_by", ParameterType.List, "Columns whose values form groups tested separately (zscore and iqr)."),
            new ParameterSpec("threshold", ParameterType.Number, "zscore: flag when |x - mean| > threshold * std. The default is 3."),
            new ParameterSpec("std", ParameterType.String, "zscore: population (numpy std) or sample (pandas std, n - 1). The default is population.", Default: "population", AllowedValues: ["population", "sample"]),
            new ParameterSpec("iqr_k", ParameterType.Number, "iqr: flag outside [Q1 - k*IQR, Q3 + k*IQR]. The default is 1.5."),
            new ParameterSpec("n_estimators", ParameterType.Integer, "isolation_forest: trees. The default is 100.", Default: 100L),
            new ParameterSpec("max_samples", ParameterType.Any, "isolation_forest: rows per tree, 'auto' (min(256, n)), a count, or a fraction in (0, 1]. The default is auto.", Default: "auto"),
            new ParameterSpec("contamination", ParameterType.Any, "isolation_forest: 'auto' (offset -0.5) or the expected share of anomalies in (0, 0.5]. The default is auto.", SupportsAuto: true),
            new ParameterSpec("sensitivity", ParameterType.String, "Presets when threshold/iqr_k/contamination are not set: low (3.5 / 3 / 0.01), medium (3 / 1.5 / auto), high (2.5 / 1 / 0.1). <AUTO> keeps the defaults and 'contamination'.",
                AllowedValues: ["low", "medium", "high"], SupportsAuto: true),
            new ParameterSpec("seed", ParameterType.Integer, "isolation_forest: random seed; the same seed gives the same result. The default is 0.", Default: 0L),
        ],
        [
            new OutputSpec("anomalies", "The flagged rows with an anomaly_score column (a dataset)."),
            new OutputSpec("anomaly_scores", "Every row with anomaly_score and is_anomaly columns (a dataset)."),
            new OutputSpec("normal_data", "The rows not flagged, input columns only (a dataset)."),
            new OutputSpec("stats", "method, reason, rows, anomalies, normal, unscored, anomaly_rate, columns, group_by, groups, and the method's thresholds."),
        ]);

    /// <summary>Load-time checks of literal values (templates and &lt;AUTO&gt; are checked at run time).</summary>
    public IEnumerable<Diagnostic> ValidateParameters(IReadOnlyDictionary<string, object?> parameters, Func<string, SourceLocation> locate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(locate);
        var issues = new List<ParameterIssue>();
        AnomalySettings.Read(parameters, issues);
        // method, std and sensitivity values are already checked against the descriptor's allowed values.
        return [.. issues.Where(static i => i.Path is not ("method" or "std" or "sensitivity")).Select(i => i.ToDiagnostic(locate))];
    }

    /// <inheritdoc />
    protected override async ValueTask<ActionResult> ExecuteCoreAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var issues = new List<ParameterIssue>();
        var settings = AnomalySettings.Read(context.Parameters, issues);
        ParameterIssue.ThrowIfAny(issues, context.TaskId);
        if (settings.SensitivityNote is { } note)
        {
            context.Log.Write("info", note);
        }

        var local = LocalModel.From(context);
        if (local is not null && settings.Method is { } asked && asked != local.Method)
        {
            throw new SluiceException($"task '{context.TaskId}' sets method '{asked}', but its model '{local.Name}' is {local.Method}; remove one of them", false);
        }

        var saved = local?.Path is { } modelPath && File.Exists(context.Files.Full(modelPath)) ? AnomalyModel.Load(context.Files.Full(modelPath)) : null;
        if (saved is not null && saved.Method != local!.Method)
        {
            throw new SluiceException($"model file '{local.Path}' holds a {saved.Method} model, but model '{local.Name}' is {local.Method}; delete the file to fit a new one, or change the model", false);
        }

        if (local?.Path is not null && settings.GroupBy.Count > 0)
        {
            throw new SluiceException($"task '{context.TaskId}': a model with a 'path' is fitted on all rows, so it cannot be used with group_by; remove group_by or the model's path", false);
        }

        var data = DatasetArgument.Resolve(context.Get("data"), "data", context);
        using var quarantine = new QuarantineFile(Path.Combine(context.ArtifactDirectory, "quarantine.jsonl"));
        var opened = reader.Open(data, quarantine);
        var schema = opened.Source.Schema;
        var columns = FeatureColumns(saved is null ? settings : settings with { Columns = saved.Columns }, schema, context.TaskId);
        var values = await FeatureValues.CollectAsync(opened.Source, columns, settings.GroupBy, cancellationToken).ConfigureAwait(false);
        if (settings.Columns is null && saved is null)
        {
            values = WithoutKeys(values, schema, context);
        }

        var (method, reason) = local is not null ? (local.Method, $"model '{local.Name}' (local/{local.Method})")
            : settings.Method is { } m ? (m, "set by the task") : MethodChoice.Choose(values, settings.GroupBy.Count > 0);
        if (settings.Method is null && local is null)
        {
            context.Log.Write("info", $"method <AUTO>: {method} — {reason}");
        }

        AnomalyResult result;
        if (local?.Path is { } path)
        {
            var model = saved;
            if (model is null)
            {
                model = AnomalyScorer.Fit(method, settings, values, cancellationToken);
                model.Save(context.Files.Full(path));
                context.Log.Write("info", $"model '{local.Name}': {path} did not exist, so {method} was fitted on these {values.Rows} rows (seed {settings.Seed}) and saved there in Sluice's JSON model format; later runs score with it");
            }
            else
            {
                context.Log.Write("info", $"model '{local.Name}': loaded {path} ({model.Method} fitted on {model.FittedRows} rows over {string.Join(", ", model.Columns)})");
            }

            result = AnomalyScorer.Score(model, settings, values, cancellationToken);
            result.Stats["model"] = new Dictionary<string, object?> { ["name"] = local.Name, ["path"] = context.Files.Full(path), ["fitted"] = saved is null, ["fitted_rows"] = model.FittedRows };
        }
        else
        {
            result = AnomalyScorer.Run(method, settings, values, cancellationToken);
        }

        // The second pass reads with the first pass's schema, so types and rows line up; bad records were quarantined already.
        var again = reader.Open(data with { Schema = DatasetSchema.ToList(schema) }, DiscardQuarantine.Instance);
        var (anomalies, scores, normal) = await AnomalyOutputs.WriteAsync(again.Source, result, context, cancellationToken).ConfigureAwait(false);

        var flagged = anomalies.Rows ?? 0;
        var stats = result.Stats;
        stats["method"] = method;
        stats["reason"] = reason;
        stats["rows"] = (long)values.Rows;
        stats["anomalies"] = flagged;
        stats["normal"] = normal.Rows ?? 0;
        stats["unscored"] = (long)result.Scores.AsSpan(0, values.Rows).Count(double.NaN);
        stats["anomaly_rate"] = values.Rows == 0 ? 0.0 : (double)flagged / values.Rows;
        stats["group_by"] = settings.GroupBy.ToArray<object?>();
        stats["groups"] = (long)values.GroupCount;
        stats["quarantined"] = quarantine.Count;
        context.Log.Write("info", string.Create(CultureInfo.InvariantCulture,
            $"{method}: {flagged} of {values.Rows} rows flagged ({stats["anomaly_rate"]:P2}) over {string.Join(", ", values.Columns)}"));
        return new ActionResult(new Dictionary<string, object?>
        {
            ["anomalies"] = anomalies,
            ["anomaly_scores"] = scores,
            ["normal_data"] = normal,
            ["stats"] = stats,
        });
    }

    /// <summary>Drops integer columns whose values are all distinct (keys such as row numbers), unless that leaves none.</summary>
    private static FeatureValues WithoutKeys(FeatureValues values, Schema schema, ActionContext context)
    {
        var keep = new List<int>();
        for (var c = 0; c < values.Columns.Count; c++)
        {
            if (schema[schema.IndexOf(values.Columns[c])].Type.Kind == TypeKind.Int64 && IdColumns.AreUniqueWholeNumbers(values.Column(c)))
            {
                context.Log.Write("info", $"column '{values.Columns[c]}' is left out: its values are distinct whole numbers, like an identifier (name it in 'columns' to use it)");
            }
            else
            {
                keep.Add(c);
            }
        }

        return keep.Count == values.Columns.Count || keep.Count == 0 ? values : values.Select(keep);
    }

    private static IReadOnlyList<string> FeatureColumns(AnomalySettings settings, Schema schema, string taskId)
    {
        if (ColumnProblems(settings.Columns, settings.GroupBy, schema).FirstOrDefault() is { Message: { } message } problem)
        {
            throw new SluiceException($"task '{taskId}': {problem.Path}: {message}{(problem.Hint is { } hint ? $" ({hint})" : "")}", false);
        }

        if (settings.Columns is null)
        {
            var numeric = schema.Fields.Where(f => FeatureValues.IsNumeric(f) && !settings.GroupBy.Contains(f.Name) && !IdColumns.LooksLikeIdName(f.Name)).Select(static f => f.Name).ToList();
            return numeric.Count > 0 ? numeric : throw new SluiceException($"task '{taskId}': the data has no numeric column to examine apart from identifiers (columns: {schema}); name the columns with 'columns'", false);
        }

        return settings.Columns.Count > 0 ? settings.Columns : throw new SluiceException($"task '{taskId}': 'columns' is empty", false);
    }

    /// <summary>
    /// What is wrong with the named <c>group_by</c> and feature <c>columns</c> for data with <paramref name="schema"/>: each
    /// problem with the parameter path it is at (<c>columns[1]</c>), checked the same way before the run and at task start.
    /// </summary>
    internal static IEnumerable<(string Path, string Message, string? Hint)> ColumnProblems(IReadOnlyList<string>? columns, IReadOnlyList<string> groupBy, Schema schema)
    {
        var names = schema.Fields.Select(static f => f.Name).ToList();
        for (var i = 0; i < groupBy.Count; i++)
        {
            if (schema.IndexOf(groupBy[i]) < 0)
            {
                yield return ($"group_by[{i}]", $"unknown column '{groupBy[i]}'", NameSuggester.Hint(groupBy[i], names, "columns"));
            }
        }

        for (var i = 0; i < (columns?.Count ?? 0); i++)
        {
            var c = columns![i];
            var at = schema.IndexOf(c);
            if (at < 0)
            {
                yield return ($"columns[{i}]", $"unknown column '{c}'", NameSuggester.Hint(c, names, "columns"));
            }
            else if (!FeatureValues.IsNumeric(schema[at]))
            {
                yield return ($"columns[{i}]", $"column '{c}' is {schema[at].Type}; anomaly detection needs int64, float64 or decimal columns", "cast it first with apply_transformations");
            }
        }
    }
}
