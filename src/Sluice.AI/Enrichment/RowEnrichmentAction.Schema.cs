using Sluice.Data.Batches;
using Sluice.DataActions.Common;
using Sluice.DataActions.Schemas;
using Sluice.Definition.Validation;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.AI.Enrichment;

/// <summary>The schema of the enriched data before the run.</summary>
public abstract partial class RowEnrichmentAction : IDeclaresSchema
{
    /// <summary>
    /// The enriched data: the input's columns followed by one column per field, typed as the field asks (the same
    /// schema the enricher writes). The prompt's placeholders and <c>columns</c> are checked against the input, and a
    /// field that would overwrite an input column is an error — with the messages the task would fail with.
    /// </summary>
    public IReadOnlyDictionary<string, Schema> OutputSchemas(SchemaRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var none = new Dictionary<string, Schema>(StringComparer.Ordinal);
        if (request.Dataset("data") is not { } input)
        {
            return none;
        }

        if (request.Parameters.Where(static kv => kv.Key != "data").Any(static kv => Holds(kv.Value)))
        {
            request.Unknowable("a parameter is computed at run time");
            return none;
        }

        IReadOnlyList<EnrichmentField> fields;
        try
        {
            fields = Fields(request.Parameters, request.TaskId, static _ => { });
            var clash = fields.FirstOrDefault(f => input.IndexOf(f.Name) >= 0);
            if (clash is not null)
            {
                request.Report(new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.InvalidValue, $"the data already has a column '{clash.Name}'", request.Locate(FieldsParameter), "name the field otherwise"));
                return none;
            }

            RowPrompt.Create(request.Parameters.GetValueOrDefault("prompt") as string, Args.Strings(request.Parameters, "columns", $"task '{request.TaskId}'"), input, request.TaskId);
        }
        catch (SluiceException ex)
        {
            var at = request.Parameters.ContainsKey("prompt") ? "prompt" : request.Parameters.ContainsKey("columns") ? "columns" : FieldsParameter;
            request.Report(new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.InvalidValue, ex.Message, request.Origin(at)));
            return none;
        }

        return new Dictionary<string, Schema>(StringComparer.Ordinal) { [OutputNames.Data] = RowEnricher.OutputSchema(input, fields) };
    }

    /// <summary>The parameter that names the fields, where a clash with an input column is reported.</summary>
    private protected abstract string FieldsParameter { get; }

    private static bool Holds(object? value) => value switch
    {
        string s => Template.ContainsTemplate(s),
        IReadOnlyDictionary<string, object?> map => map.Values.Any(Holds),
        IReadOnlyList<object?> list => list.Any(Holds),
        _ => false,
    };
}
