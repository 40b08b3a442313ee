using System.Globalization;
using Sluice.Actions;
using Sluice.Data;
using Sluice.Data.Execution;
using Sluice.Data.Features;
using Sluice.DataActions.Anomalies;
using Sluice.DataActions.Common;
using Sluice.DataActions.IO;
using Sluice.Definition;
using Sluice.Definition.Validation;
using Sluice.Diagnostics;

namespace Sluice.DataActions.Features;

/// <summary>
/// <c>engineer_features</c>: appends feature columns (one-hot, scaling, bins, date parts, lag and rolling per key,
/// frequency encoding; formulas on <see cref="FeatureSpec"/>) in two streaming passes (fit, then transform), and with a
/// target scores every numeric column against it (|Pearson r| or mutual information). With <c>order_by</c> the rows are
/// sorted first (in memory) and the output keeps that order.
/// </summary>
public sealed partial class EngineerFeaturesAction(DatasetReader reader) : DataAction, IValidatesParameters
{
    /// <inheritdoc />
    public override ActionDescriptor Descriptor { get; } = new(
        "engineer_features",
        "Adds feature columns — one_hot, scale, bin, date_parts, lag, rolling, frequency — and ranks numeric columns by importance against a target (correlation or mutual_information).",
        [
            new ParameterSpec("data", ParameterType.Dataset, "The dataset.", Required: true),
            new ParameterSpec("features", ParameterType.List, "Feature specs: {one_hot: col, top_k}, {scale: col, method: standard|minmax}, {bin: col, bins: N or [edges]}, {date_parts: col, parts: [...]}, {lag: col, by, order_by, periods}, {rolling: col, by, order_by, window, stats: [...]}, {frequency: col}. <AUTO>: scale numbers, one-hot text, date parts of dates.", SupportsAuto: true),
            new ParameterSpec("feature_config", ParameterType.List, "Another name for 'features' (the seed's).", SupportsAuto: true),
            new ParameterSpec("target_column", ParameterType.String, "The numeric or boolean column to score features against; no importance without it."),
            new ParameterSpec("target_variable", ParameterType.String, "Another name for 'target_column' (the seed's)."),
            new ParameterSpec("importance", ParameterType.String, "correlation (|Pearson r|) or mutual_information (nats, 10 x 10 equal-width bins). The default is correlation.", Default: "correlation", AllowedValues: ["correlation", "mutual_information"]),
        ],
        [
            new OutputSpec("feature_data", "The input columns followed by the feature columns (a dataset)."),
            new OutputSpec("feature_importance", "Map column -> score, highest first (empty without a target)."),
            new OutputSpec("feature_log", "rows, features added, specs, order_by, target, importance method and the ranking with row counts."),
        ]);

    /// <summary>Load-time checks of the feature specs (templates and &lt;AUTO&gt; are checked at run time).</summary>
    public IEnumerable<Diagnostic> ValidateParameters(IReadOnlyDictionary<string, object?> parameters, Func<string, SourceLocation> locate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(locate);
        var issues = new List<ParameterIssue>();
        Read(parameters, issues);
        return [.. issues.Select(i => i.ToDiagnostic(locate))];
    }

    /// <inheritdoc />
    protected override async ValueTask<ActionResult> ExecuteCoreAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var issues = new List<ParameterIssue>();
        var (specs, orderBy, auto, target) = Read(context.Parameters, issues);
        ParameterIssue.ThrowIfAny(issues, context.TaskId);
        var data = DatasetArgument.Resolve(context.Get("data"), "data", context);
        using var quarantine = new QuarantineFile(Path.Combine(context.ArtifactDirectory, "quarantine.jsonl"));
        var opened = reader.Open(data, quarantine);
        var schema = opened.Source.Schema;
        if (auto)
        {
            specs = AutoFeatures.Choose(schema, target);
            context.Log.Write("info", $"features <AUTO>: {AutoFeatures.Describe(specs)} (numbers scaled, text one-hot, dates split; target and id columns left alone)");
        }

        var problems = FeatureEngineer.Validate(specs, schema).ToList();
        if (orderBy is not null && schema.IndexOf(orderBy) < 0)
        {
            problems.Add($"order_by column '{orderBy}' is not in the data ({NameSuggester.Hint(orderBy, [.. schema.Fields.Select(static f => f.Name)], "columns")})");
        }

        if (problems.Count > 0)
        {
            throw new SluiceException($"task '{context.TaskId}': {string.Join("; ", problems)}", false);
        }

        // Both passes must see the same rows in the same order; the second read's bad records were quarantined by the first.
        var fitInput = Ordered(opened.Source, orderBy);
        var again = reader.Open(data with { Schema = DatasetSchema.ToList(schema) }, DiscardQuarantine.Instance);
        Datasets.DatasetRef output;
        IReadOnlyList<string> added;
        try
        {
            var fitted = await new FeatureEngineer(specs).FitAsync(fitInput, cancellationToken).ConfigureAwait(false);
            added = [.. fitted.FeatureNames];
            output = await ArtifactWriter.WriteAsync(fitted.Transform(Ordered(again.Source, orderBy)), context, "feature_data", cancellationToken).ConfigureAwait(false);
        }
        catch (DataException ex)
        {
            throw new SluiceException($"task '{context.TaskId}': {ex.Message}", ex.IsTransient, ex);
        }

        var method = context.Get("importance") as string == "mutual_information" ? ImportanceMethod.MutualInformation : ImportanceMethod.Correlation;
        IReadOnlyList<FeatureScore> ranking = [];
        if (target is not null)
        {
            try
            {
                ranking = await FeatureImportance.ComputeAsync(reader.Open(output).Source, target, method, null, cancellationToken).ConfigureAwait(false);
            }
            catch (DataException ex)
            {
                throw new SluiceException($"task '{context.TaskId}': {ex.Message}", false, ex);
            }
        }
        else
        {
            context.Log.Write("info", "no target_column: feature importance is not computed");
        }

        var importance = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var s in ranking)
        {
            importance[s.Feature] = s.Score;
        }

        context.Log.Write("info", string.Create(CultureInfo.InvariantCulture, $"{added.Count} feature column(s) added to {output.Rows} rows: {string.Join(", ", added)}"));
        return new ActionResult(new Dictionary<string, object?>
        {
            ["feature_data"] = output,
            ["feature_importance"] = importance,
            ["feature_log"] = new Dictionary<string, object?>
            {
                ["rows"] = output.Rows,
                ["features_added"] = added.ToArray<object?>(),
                ["specs"] = (long)specs.Count,
                ["auto"] = auto,
                ["order_by"] = orderBy,
                ["target"] = target,
                ["importance_method"] = method == ImportanceMethod.Correlation ? "correlation" : "mutual_information",
                ["ranking"] = ranking.Select(static s => (object?)new Dictionary<string, object?> { ["feature"] = s.Feature, ["score"] = s.Score, ["rows"] = s.Rows }).ToArray(),
                ["quarantined"] = quarantine.Count,
            },
        });
    }

    private static (List<FeatureSpec> Specs, string? OrderBy, bool Auto, string? Target) Read(IReadOnlyDictionary<string, object?> p, List<ParameterIssue> issues)
    {
        if (p.ContainsKey("features") && p.ContainsKey("feature_config"))
        {
            issues.Add(new("feature_config", "set 'features' or 'feature_config', not both", "'feature_config' is another name for 'features'"));
        }

        var name = p.ContainsKey("features") ? "features" : "feature_config";
        var value = p.GetValueOrDefault(name);
        var (specs, orderBy) = FeatureSpecReader.Read(value, name, issues);
        var auto = value is null or AutoValue;
        if (p.ContainsKey("target_column") && p.ContainsKey("target_variable"))
        {
            issues.Add(new("target_variable", "set 'target_column' or 'target_variable', not both", "'target_variable' is another name for 'target_column'"));
        }

        var target = (p.GetValueOrDefault("target_column") ?? p.GetValueOrDefault("target_variable")) switch
        {
            string { Length: > 0 } t => t,
            _ => null,
        };
        return (specs, orderBy, auto, target);
    }

    private static IBatchSource Ordered(IBatchSource source, string? orderBy) =>
        orderBy is null ? source : DataFlow.From(source).Sort(new Data.Operators.SortKey(orderBy));
}
