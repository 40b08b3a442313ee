using Sluice.Actions;
using Sluice.Data.Batches;
using Sluice.Data.Execution;
using Sluice.DataActions.Common;
using Sluice.DataActions.IO;
using Sluice.Definition;
using Sluice.Definition.Validation;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.DataActions.Clean;

/// <summary>
/// <c>clean_and_standardize</c>: trims and case-folds text, turns null tokens into nulls, coerces types (values that do
/// not convert become null and are counted), drops duplicates, imputes or drops missing values and flags outliers,
/// writing the result as an artifact with a report of what changed. <c>&lt;AUTO&gt;</c> rules: trim every text column,
/// the null tokens "", NA, N/A, null, NULL, None, NaN, nan, and drop exact duplicate rows.
/// </summary>
public sealed partial class CleanAndStandardizeAction(DatasetReader reader) : DataAction, IValidatesParameters
{
    private static readonly string[] AutoNullTokens = ["", "NA", "N/A", "null", "NULL", "None", "NaN", "nan"];

    /// <inheritdoc />
    public override ActionDescriptor Descriptor { get; } = new(
        "clean_and_standardize",
        "Cleans a dataset: trim and case of text columns, null tokens, type coercion, duplicate removal, imputation of missing values and outlier flags; outputs the cleaned dataset and a report. cleaning_rules keys: trim (true or columns), lower, upper (columns), null_tokens (list), types ({column: type}), dedupe (true or key columns).",
        [
            new ParameterSpec("data_chunk", ParameterType.Dataset, "The dataset to clean (give this or 'data')."),
            new ParameterSpec("data", ParameterType.Dataset, "The dataset to clean (give this or 'data_chunk')."),
            new ParameterSpec("cleaning_rules", ParameterType.Map, "Rules: trim, lower, upper, null_tokens, types, dedupe. <AUTO> trims text, standardizes common null tokens and drops exact duplicates.", SupportsAuto: true),
            new ParameterSpec("handle_missing", ParameterType.String, "none, drop (rows with any null), mean, median, mode (numeric columns), or intelligent_imputation (median for numbers, mode for text and bools); identifier-like columns (id, *_id, *Id, uuid, *_key) are never imputed. The default is none.",
                Default: "none", AllowedValues: ["none", "drop", "mean", "median", "mode", "intelligent_imputation"]),
            new ParameterSpec("outlier_detection", ParameterType.Boolean, "Adds <column>_outlier (|z| > 3, exact) for every int64 and decimal column except identifier-like ones (id, *_id, *Id, uuid, *_key). The default is false.", Default: false),
        ],
        [
            new OutputSpec("cleaned_data", "The cleaned dataset (CSV artifact)."),
            new OutputSpec("cleaning_report", "rows_in, rows_out, the rules applied, coercion failures, duplicates removed, imputed columns and outliers per column."),
        ])
    {
        ExactlyOneOf = [["data_chunk", "data"]],
    };

    /// <summary>
    /// Load-time checks of literal <c>cleaning_rules</c>: unknown rules (with a suggestion), the shape of each rule (trim,
    /// lower, upper and dedupe take true/false or column names; null_tokens a list of texts; types a map of column to a
    /// known type). Templates are skipped.
    /// </summary>
    public IEnumerable<Diagnostic> ValidateParameters(IReadOnlyDictionary<string, object?> parameters, Func<string, SourceLocation> locate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(locate);
        var found = new List<Diagnostic>();
        if (parameters.GetValueOrDefault("cleaning_rules") is not IReadOnlyDictionary<string, object?> rules)
        {
            return found;
        }

        void Error(string path, string message, string? hint = null) =>
            found.Add(new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.InvalidValue, message, locate(path), hint));

        static bool Deferred(object? v) => v is AutoValue || (v is string t && Template.ContainsTemplate(t));
        static bool Names(object? v) => v is string || (v is IReadOnlyList<object?> list && list.All(static i => i is string));
        foreach (var (rule, value) in rules)
        {
            var path = $"cleaning_rules.{rule}";
            if (!CleanPlan.RuleNames.Contains(rule))
            {
                found.Add(new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.UnknownKey, $"unknown cleaning rule '{rule}'", locate(path + "#key"), NameSuggester.Hint(rule, CleanPlan.RuleNames, "rules")));
                continue;
            }

            if (value is null || Deferred(value))
            {
                continue;
            }

            switch (rule)
            {
                case "trim" or "lower" or "upper" or "dedupe" when value is not bool && !Names(value):
                    Error(path, $"{path} must be true, false or column names, got {ExprValues.ToText(value)}");
                    break;
                case "null_tokens" when !Names(value):
                    Error(path, $"{path} must be a list of texts, such as [\"\", NA, \"N/A\"], got {ExprValues.ToText(value)}");
                    break;
                case "types" when value is not IReadOnlyDictionary<string, object?>:
                    Error(path, $"{path} must be a map of column: type, such as {{amount: decimal(2)}}");
                    break;
                case "types":
                    foreach (var (column, type) in (IReadOnlyDictionary<string, object?>)value)
                    {
                        if (!Deferred(type) && Data.Batches.DataType.TryParse(type as string ?? "") is null)
                        {
                            Error($"{path}.{column}", $"{path}.{column}: unknown type '{ExprValues.ToText(type)}'", "types: int64, float64, bool, string, date, timestamp, decimal(S)");
                        }
                    }

                    break;
            }
        }

        return found;
    }

    /// <inheritdoc />
    protected override async ValueTask<ActionResult> ExecuteCoreAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = DatasetArgument.Resolve(context.Get("data_chunk") ?? context.Get("data"), context.Get("data_chunk") is null ? "data" : "data_chunk", context);
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
            throw new SluiceException($"unknown cleaning rule '{unknown[0]}' ({NameSuggester.Hint(unknown[0], CleanPlan.RuleNames, "rules")})");
        }

        using var quarantine = new QuarantineFile(Path.Combine(context.ArtifactDirectory, "quarantine.jsonl"));
        var opened = reader.Open(data, quarantine);
        if (CleanPlan.UnknownColumns(rules, opened.Source.Schema).FirstOrDefault() is { Path: { } where } unknownColumn)
        {
            throw new SluiceException($"task '{context.TaskId}': cleaning_rules.{where}: unknown column '{unknownColumn.Name}' ({NameSuggester.Hint(unknownColumn.Name, [.. opened.Source.Schema.Fields.Select(static f => f.Name)], "columns")})", false);
        }

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
