using Sluice.Data.Batches;
using Sluice.Data.Features;
using Sluice.DataActions.Anomalies;
using Sluice.DataActions.Schemas;
using Sluice.Definition.Validation;
using Sluice.Diagnostics;

namespace Sluice.DataActions.Features;

/// <summary>The schema of <c>feature_data</c> before the run.</summary>
public sealed partial class EngineerFeaturesAction : IDeclaresSchema
{
    /// <summary>
    /// <c>feature_data</c>: the input's columns followed by each spec's feature columns, as <see cref="FeatureEngineer"/>
    /// names them. Each spec's column problems (unknown columns, a non-numeric column to scale) are reported at the spec
    /// with the message the task would fail with. One-hot columns are named after the data's most frequent values and
    /// <c>&lt;AUTO&gt;</c> chooses by the data, so those outputs are known only when the task runs.
    /// </summary>
    public IReadOnlyDictionary<string, Schema> OutputSchemas(SchemaRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var none = new Dictionary<string, Schema>(StringComparer.Ordinal);
        if (request.Dataset("data") is not { } input)
        {
            return none;
        }

        var issues = new List<ParameterIssue>();
        var (specs, orderBy, auto, _) = Read(request.Parameters, issues);
        if (issues.Count > 0)
        {
            return none; // reported by ValidateParameters
        }

        var columns = input.Fields.Select(static f => f.Name).ToList();
        foreach (var spec in specs)
        {
            foreach (var problem in FeatureEngineer.Validate([spec], input))
            {
                request.Report(new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.InvalidValue, problem, request.Origin(spec.Origin ?? "features")));
            }
        }

        if (orderBy is not null && input.IndexOf(orderBy) < 0)
        {
            var at = specs.FirstOrDefault(static s => s.Kind is FeatureKind.Lag or FeatureKind.Rolling)?.Origin is { } origin ? origin[..origin.LastIndexOf('.')] + ".order_by" : "features";
            request.Report(new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.InvalidValue, $"order_by column '{orderBy}' is not in the data", request.Origin(at), NameSuggester.Hint(orderBy, columns, "columns")));
        }

        if (request.HasErrors)
        {
            return none;
        }

        if (auto || FeatureEngineer.PlannedSchema(specs, input) is not { } planned)
        {
            request.Unknowable(auto ? "features <AUTO> are chosen from the data" : "one-hot columns are named after the data's most frequent values");
            return none;
        }

        return new Dictionary<string, Schema>(StringComparer.Ordinal) { ["feature_data"] = planned };
    }
}
