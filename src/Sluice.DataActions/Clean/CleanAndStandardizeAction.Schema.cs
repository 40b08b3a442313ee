using Sluice.Data.Batches;
using Sluice.Data.Execution;
using Sluice.DataActions.Schemas;
using Sluice.Definition;
using Sluice.Definition.Validation;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.DataActions.Clean;

/// <summary>The schema of <c>cleaned_data</c> before the run.</summary>
public sealed partial class CleanAndStandardizeAction : IDeclaresSchema
{
    /// <summary>
    /// <c>cleaned_data</c>: the input's columns with the <c>types</c> rule applied and, with <c>outlier_detection</c>,
    /// a <c>&lt;column&gt;_outlier</c> flag per measured number column — built by the same plan the task runs, over a
    /// source with no rows. Column names in <c>trim</c>, <c>lower</c>, <c>upper</c>, <c>dedupe</c> and <c>types</c> are
    /// checked against the input at their YAML node.
    /// </summary>
    public IReadOnlyDictionary<string, Schema> OutputSchemas(SchemaRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var none = new Dictionary<string, Schema>(StringComparer.Ordinal);
        var p = request.Parameters;
        var input = request.Dataset(p.ContainsKey("data_chunk") ? "data_chunk" : "data");
        if (input is null)
        {
            return none;
        }

        var written = p.GetValueOrDefault("cleaning_rules");
        var rules = written switch
        {
            AutoValue or null => new Dictionary<string, object?>(StringComparer.Ordinal),
            IReadOnlyDictionary<string, object?> map => map,
            _ => null,
        };
        if (rules is null || Deferred(rules) || p.GetValueOrDefault("outlier_detection") is not (bool or null)
            || p.GetValueOrDefault("handle_missing") is string missingText && Template.ContainsTemplate(missingText))
        {
            request.Unknowable("a cleaning option is computed at run time");
            return none;
        }

        var columns = input.Fields.Select(static f => f.Name).ToList();
        foreach (var (path, name) in CleanPlan.UnknownColumns(rules, input))
        {
            var at = path.EndsWith("#key", StringComparison.Ordinal) ? request.Locate($"cleaning_rules.{path}") : request.Origin($"cleaning_rules.{path}");
            request.Report(new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.InvalidValue, $"unknown column '{name}'", at, NameSuggester.Hint(name, columns, "columns")));
        }

        if (request.HasErrors)
        {
            return none;
        }

        var plan = new CleanPlan(rules, p.GetValueOrDefault("handle_missing") as string ?? "none", p.GetValueOrDefault("outlier_detection") is true);
        return new Dictionary<string, Schema>(StringComparer.Ordinal) { ["cleaned_data"] = plan.Build(DataFlow.From(new SchemaOnlySource(input))).Schema };
    }

    private static bool Deferred(IReadOnlyDictionary<string, object?> rules) =>
        rules.Values.Any(static v => v is AutoValue || v is string s && Template.ContainsTemplate(s)
            || v is IReadOnlyDictionary<string, object?> m && m.Values.Any(static t => t is AutoValue || t is string ts && Template.ContainsTemplate(ts)));
}
