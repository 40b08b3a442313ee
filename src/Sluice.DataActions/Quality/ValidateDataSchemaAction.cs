using System.Globalization;
using Sluice.Actions;
using Sluice.Data.SchemaValidation;
using Sluice.DataActions.Common;
using Sluice.Datasets;
using Sluice.Definition;
using Sluice.Diagnostics;
using static Sluice.DataActions.Quality.QualityActionHelpers;

namespace Sluice.DataActions.Quality;

/// <summary>
/// <c>validate_data_schema</c>: checks each dataset (<c>data</c>, or every item of <c>sources</c>) against a schema
/// (<c>schema</c> inline or <c>schema_path</c>, YAML or JSON). <c>strict</c> fails on any error; <c>permissive</c> writes
/// invalid rows to a quarantine file (column, value, rule) and passes the valid rows on; <c>&lt;AUTO&gt;</c> picks by the
/// error rate against <c>error_threshold</c>. Table errors (a missing required column) fail in every mode.
/// </summary>
public sealed partial class ValidateDataSchemaAction(IDatasetOpener opener) : DataAction, IValidatesParameters
{
    /// <inheritdoc />
    public override ActionDescriptor Descriptor { get; } = new(
        "validate_data_schema",
        "Validates datasets against a column schema (types, nullability, bounds, allowed values, regex, lengths, uniqueness, table rules).",
        [
            new ParameterSpec("data", ParameterType.Dataset, "The dataset to validate."),
            new ParameterSpec("sources", ParameterType.List, "Datasets or file paths to validate; the valid ones are output as valid_sources."),
            new ParameterSpec("schema", ParameterType.Map, "The schema inline: {column: {type, nullable, min, max, allowed_values, pattern, min_length, max_length, unique, format}}."),
            new ParameterSpec("schema_path", ParameterType.String, "A YAML or JSON schema file."),
            new ParameterSpec("validation_mode", ParameterType.String, "strict: any error fails; permissive: quarantine invalid rows.", Default: "strict", AllowedValues: ["strict", "permissive"], SupportsAuto: true),
            new ParameterSpec("error_threshold", ParameterType.Number, "The error rate up to which <AUTO> picks permissive (usually {{ context.error_threshold }}).", Default: 0.05),
        ],
        [
            new OutputSpec("valid_data", "The valid rows of 'data' (a dataset)."),
            new OutputSpec("valid_sources", "The validated data of each source, in order (datasets of the valid rows: in permissive mode invalid rows are quarantined, not passed on)."),
            new OutputSpec("schema_errors", "Rule violations (row, column, value, rule, message), capped at 1000 per dataset."),
            new OutputSpec("type_errors", "Values that are not of the declared type, listed apart from schema_errors."),
            new OutputSpec("compatibility_report", "Per dataset: source, missing, extra and mistyped columns, table errors, rows, invalid rows and whether it is compatible."),
            new OutputSpec("compatibility", "The same as compatibility_report (its former name)."),
            new OutputSpec("is_valid", "True when no dataset has any error."),
            new OutputSpec("quarantine", "The quarantine file of invalid rows (a dataset), or null."),
            new OutputSpec("validation_mode", "The mode used (the choice, for <AUTO>)."),
        ])
    {
        ExactlyOneOf = [["data", "sources"], ["schema", "schema_path"]],
    };

    /// <summary>
    /// Static checks for load time: an inline schema is parsed with positions from <paramref name="locate"/> (paths under
    /// <c>parameters.schema</c>, e.g. <c>schema.id.format</c>); a literal <c>schema_path</c> is loaded and parsed.
    /// </summary>
    public IEnumerable<Diagnostic> ValidateParameters(IReadOnlyDictionary<string, object?> parameters, Func<string, SourceLocation> locate) =>
        Validate(parameters, locate);

    /// <summary>The checks of <see cref="ValidateParameters"/>, callable without an instance.</summary>
    public static IReadOnlyList<Diagnostic> Validate(IReadOnlyDictionary<string, object?> parameters, Func<string, SourceLocation> locate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(locate);
        if (parameters.GetValueOrDefault("schema") is IReadOnlyDictionary<string, object?> inline)
        {
            var result = SchemaDefinition.Parse(inline, p => locate("schema." + p) is { HasPosition: true } l ? new(l.Line, l.Column) : new(0, 0));
            var file = locate("schema").File;
            return [.. result.Diagnostics.Select(d => SchemaFile.ToDiagnostic(d, file))];
        }

        // A schema file that does not exist yet may be written by an upstream task: it is checked when the task runs.
        if (parameters.GetValueOrDefault("schema_path") is string path && !Sluice.Expressions.Template.ContainsTemplate(path) && File.Exists(path))
        {
            return SchemaFile.Load(path).Diagnostics;
        }

        return [];
    }

    /// <inheritdoc />
    protected override async ValueTask<ActionResult> ExecuteCoreAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var schema = LoadSchema(context);
        var datasets = context.Get("data") is not null ? [Dataset(context, "data")] : List(context.Get("sources"))
            .Select((v, i) => DatasetArgument.Resolve(v, $"sources[{i}]", context)).ToList();

        var errors = new List<object?>();
        var typeErrors = new List<object?>();
        var compatibility = new List<object?>();
        var outcomes = new List<(DatasetRef Source, SchemaValidationResult Result, DatasetRef Valid)>();
        var quarantinePath = Path.Combine(context.ArtifactDirectory, "quarantine.jsonl");
        await using var quarantine = new JsonLinesQuarantine(quarantinePath);
        for (var i = 0; i < datasets.Count; i++)
        {
            var source = opener.Open(datasets[i], quarantine);
            var validator = new SchemaValidator(schema, source.Schema, new SchemaValidatorOptions { Quarantine = quarantine, SourceName = datasets[i].Path });
            var valid = await WriteAsync(context, validator.Filter(source), datasets.Count == 1 ? "valid_data" : $"valid_data_{i}", cancellationToken).ConfigureAwait(false);
            var result = validator.Complete();
            outcomes.Add((datasets[i], result, valid));
            errors.AddRange(result.Errors.Select(e => Violation(datasets[i], e)));
            typeErrors.AddRange(result.TypeErrors.Select(e => Violation(datasets[i], e)));
            compatibility.Add(new Dictionary<string, object?>
            {
                ["source"] = datasets[i].Path,
                ["missing"] = result.Compatibility.Missing.ToArray<object?>(),
                ["extra"] = result.Compatibility.Extra.ToArray<object?>(),
                ["mistyped"] = result.Compatibility.Mistyped.Select(static m => (object?)$"{m.Column}: expected {m.Expected}, found {m.Actual}").ToArray(),
                ["table_errors"] = result.TableErrors.Select(static t => (object?)t.Message).ToArray(),
                ["rows"] = result.RowCount,
                ["invalid_rows"] = result.InvalidRowCount,
                ["compatible"] = result.Compatibility.Missing.Count == 0 && result.Compatibility.Mistyped.Count == 0 && result.TableErrors.Count == 0,
            });
        }

        var mode = ChooseMode(context, outcomes.Select(static o => o.Result).ToList());
        var failing = outcomes.Where(o => !o.Result.Passes(mode)).ToList();
        foreach (var (source, result, _) in outcomes)
        {
            context.Log.Write("info", string.Create(CultureInfo.InvariantCulture,
                $"{source.Path}: {result.RowCount} rows, {result.InvalidRowCount} invalid ({result.ErrorRate:P2}), {result.ErrorCount} rule error(s), {result.TypeErrorCount} type error(s), {result.TableErrors.Count} table error(s)"));
        }

        if (failing.Count > 0)
        {
            var first = failing[0].Result;
            var detail = first.TableErrors.Select(static t => t.Message).Concat(first.Errors.Concat(first.TypeErrors).Take(5).Select(static e => $"row {e.Row}: {e.Message}"));
            throw new SluiceException($"schema validation failed ({mode.ToString().ToLowerInvariant()}) for {failing[0].Source.Path}: {string.Join("; ", detail)}");
        }

        return new ActionResult(new Dictionary<string, object?>
        {
            ["valid_data"] = outcomes.Count == 1 ? outcomes[0].Valid : null,
            // Every outcome passed (a failing one threw above), so each source is represented by its valid rows.
            ["valid_sources"] = outcomes.Select(static o => (object?)o.Valid).ToArray(),
            ["schema_errors"] = errors.ToArray(),
            ["type_errors"] = typeErrors.ToArray(),
            ["compatibility_report"] = compatibility.ToArray(),
            ["compatibility"] = compatibility.ToArray(),
            ["is_valid"] = outcomes.TrueForAll(static o => o.Result.IsValid),
            ["quarantine"] = quarantine.Count > 0 ? new DatasetRef { Path = quarantinePath, Format = "jsonl", Kind = "artifact", Rows = quarantine.Count } : null,
            ["validation_mode"] = mode.ToString().ToLowerInvariant(),
        });
    }

    private static SchemaDefinition LoadSchema(ActionContext context)
    {
        if (context.Get("schema") is IReadOnlyDictionary<string, object?> inline)
        {
            var parsed = SchemaDefinition.Parse(inline);
            return parsed.Schema ?? throw new SluiceException($"the schema of task '{context.TaskId}' is invalid: {string.Join("; ", parsed.Diagnostics)}");
        }

        var path = Text(context, "schema_path") ?? throw new SluiceException($"task '{context.TaskId}' must set 'schema' or 'schema_path'");
        var (schema, diagnostics) = SchemaFile.Load(context.Files.CheckRead(path, "schema_path"));
        return schema ?? throw new SluiceException($"the schema file is invalid:\n{string.Join("\n", diagnostics)}");
    }

    private static ValidationMode ChooseMode(ActionContext context, List<SchemaValidationResult> results)
    {
        var value = context.Get("validation_mode");
        if (value is AutoValue)
        {
            long rows = results.Sum(static r => r.RowCount), invalid = results.Sum(static r => r.InvalidRowCount);
            var choice = ValidationModeChoice.Choose(rows == 0 ? 0 : (double)invalid / rows, Number(context, "error_threshold", 0.05));
            context.Log.Write("info", $"validation_mode <AUTO>: {choice.Reason}");
            return choice.Mode;
        }

        return (value as string ?? "strict") == "permissive" ? ValidationMode.Permissive : ValidationMode.Strict;
    }

    private static Dictionary<string, object?> Violation(DatasetRef source, SchemaViolation e) => new()
    {
        ["source"] = source.Path,
        ["row"] = e.Row,
        ["column"] = e.Column,
        ["value"] = e.Value,
        ["rule"] = e.Rule,
        ["message"] = e.Message,
    };
}
