using Sluice.Data.Batches;
using Sluice.DataActions.Schemas;
using Sluice.Definition.Validation;
using Sluice.Diagnostics;

namespace Sluice.DataActions.Anomalies;

/// <summary>The schemas of the three datasets before the run.</summary>
public sealed partial class RunAnomalyDetectionAction : IDeclaresSchema
{
    /// <summary>
    /// <c>anomalies</c> (the input's columns and <c>anomaly_score</c>), <c>anomaly_scores</c> (also <c>is_anomaly</c>) and
    /// <c>normal_data</c> (the input's columns), whatever the method; <c>columns</c> and <c>group_by</c> are checked
    /// against the input (unknown names, non-numeric feature columns) at their YAML node.
    /// </summary>
    public IReadOnlyDictionary<string, Schema> OutputSchemas(SchemaRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Dataset("data") is not { } input)
        {
            return new Dictionary<string, Schema>(StringComparer.Ordinal);
        }

        // Problems in the values themselves are ValidateParameters' to report; a template is checked when the task starts.
        var settings = AnomalySettings.Read(request.Parameters, []);
        foreach (var (path, message, hint) in ColumnProblems(settings.Columns, settings.GroupBy, input))
        {
            var written = path[..path.IndexOf('[', StringComparison.Ordinal)];
            request.Report(new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.InvalidValue, message,
                request.Origin(request.Parameters.GetValueOrDefault(written) is string ? written : path), hint));
        }

        var (anomalies, scores, normal) = AnomalyOutputs.Schemas(input);
        return new Dictionary<string, Schema>(StringComparer.Ordinal) { ["anomalies"] = anomalies, ["anomaly_scores"] = scores, ["normal_data"] = normal };
    }
}
