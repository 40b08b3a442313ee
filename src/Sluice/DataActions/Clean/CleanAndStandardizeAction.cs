using Sluice.Actions;
using Sluice.Data.Batches;
using Sluice.Data.Execution;
using Sluice.DataActions.Common;
using Sluice.DataActions.IO;
using Sluice.Definition;
using Sluice.Diagnostics;

namespace Sluice.DataActions.Clean;

/// <summary>
/// <c>clean_and_standardize</c>: trims and case-folds text, turns null tokens into nulls, coerces types (values that do
/// not convert become null and are counted), drops duplicates, imputes or drops missing values and flags outliers,
/// writing the result as an artifact with a report of what changed. <c>&lt;AUTO&gt;</c> rules: trim every text column,
/// the null tokens "", NA, N/A, null, NULL, None, NaN, nan, and drop exact duplicate rows.
/// </summary>
public sealed class CleanAndStandardizeAction : IAction
{
    private static readonly string[] AutoNullTokens = ["", "NA", "N/A", "null", "NULL", "None", "NaN", "nan"];

    /// <inheritdoc />
    public ActionDescriptor Descriptor { get; } = new(
        "clean_and_standardize",
        "Cleans a dataset: trim and case of text columns, null tokens, type coercion, duplicate removal, imputation of missing values and outlier flags; outputs the cleaned dataset and a report. cleaning_rules keys: trim (true or columns), lower, upper (columns), null_tokens (list), types ({column: type}), dedupe (true or key columns).",
        [
            new ParameterSpec("data_chunk", ParameterType.Dataset, "The dataset to clean (give this or 'data')."),
            new ParameterSpec("data", ParameterType.Dataset, "The dataset to clean (give this or 'data_chunk')."),
            new ParameterSpec("cleaning_rules", ParameterType.Map, "Rules: trim, lower, upper, null_tokens, types, dedupe. <AUTO> trims text, standardizes common null tokens and drops exact duplicates.", SupportsAuto: true),
            new ParameterSpec("handle_missing", ParameterType.String, "none, drop (rows with any null), mean, median, mode (numeric columns), or intelligent_imputation (median for numbers, mode for text and bools). The default is none.",
                Default: "none", AllowedValues: ["none", "drop", "mean", "median", "mode", "intelligent_imputation"]),
            new ParameterSpec("outlier_detection", ParameterType.Boolean, "Adds <column>_outlier (|z| > 3, exact) for every int64 and decimal column. The default is false.", Default: false),
        ],
        [
            new OutputSpec("cleaned_data", "The cleaned dataset (CSV artifact)."),
            new OutputSpec("cleaning_report", "rows_in, rows_out, the rules applied, coercion failures, duplicates removed, imputed columns and outliers per column."),
        ])
    {
        ExactlyOneOf = [["data_chunk", "data"]],
    };

    /// <inheritdoc />
    public async ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = DatasetArgument.Resolve(context.Get("data_chunk") ?? context.Get("data"), context.Get("data_chunk") is null ? "data" : "data_chunk", context.Log);
        IReadOnlyDictionary<string, object?> rules;
        if (context.Get("cleaning_rules") is AutoValue)
        {
            rules = new Dictionary<string, object?> { ["trim"] = true, ["null_tokens"] = AutoNullTokens, ["dedupe"] = true };
            context.Log.Write("info", $"AUTO cleaning_rules: trim every text column, null tokens {string.Join(" ", AutoNullTokens.Select(static t => $"'{t}'"))}, drop exact duplicate rows");
        }
        else
        {
            rules = Args.Map(context.Parameters, "cleaning_rules", "") ?? new Dictionary<string, object?>();
        }

        var unknown = rules.Keys.Except(CleanPlan.RuleNames).ToList();
        if (unknown.Count > 0)
        {
            throw new SluiceException($"unknown cleaning rule '{unknown[0]}' ({Definition.Validation.NameSuggester.Hint(unknown[0], CleanPlan.RuleNames, "rules")})");
        }

        using var quarantine = new QuarantineFile(Path.Combine(context.ArtifactDirectory, "quarantine.jsonl"));
        var opened = DatasetReader.Open(data, quarantine);
        var plan = new CleanPlan(rules, Args.String(context.Parameters, "handle_missing", "") ?? "none", context.Get("outlier_detection") is true);
        var flow = plan.Build(DataFlow.From(opened.Source));
        var output = await ArtifactWriter.WriteAsync(flow, context, "cleaned_data", cancellationToken).ConfigureAwait(false);
        var report = plan.Report();
        report["rows_in"] = opened.RecordsRead();
        report["rows_out"] = output.Rows;
        report["quarantined"] = quarantine.Count;
        return new ActionResult(new Dictionary<string, object?> { ["cleaned_data"] = output, ["cleaning_report"] = report });
    }

    /// <summary>True for text columns.</summary>
    internal static bool IsText(Field f) => f.Type.Kind == TypeKind.String;
}
