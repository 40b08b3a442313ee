using Sluice.Data.Batches;
using Sluice.Data.SchemaValidation;
using Sluice.DataActions.Schemas;
using Sluice.Definition.Validation;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.DataActions.Quality;

/// <summary>The schema of <c>valid_data</c>, and the table rules that cannot pass, before the run.</summary>
public sealed partial class ValidateDataSchemaAction : IDeclaresSchema
{
    /// <summary>
    /// <c>valid_data</c> has the input's columns (invalid rows are left out, columns are not changed). A required column
    /// the input lacks, or a forbidden column it has, fails the task in every mode, so it is reported before the run at
    /// the column's entry in the inline schema (or at <c>schema_path</c>), by the same validator the task runs.
    /// </summary>
    public IReadOnlyDictionary<string, Schema> OutputSchemas(SchemaRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var none = new Dictionary<string, Schema>(StringComparer.Ordinal);
        if (!request.Parameters.ContainsKey("data") || request.Dataset("data") is not { } input)
        {
            if (request.Parameters.ContainsKey("sources"))
            {
                request.Unknowable("'sources' are validated one by one when the task runs");
            }

            return none;
        }

        SchemaDefinition? declared = null;
        var inline = request.Parameters.GetValueOrDefault("schema") as IReadOnlyDictionary<string, object?>;
        if (inline is not null)
        {
            declared = SchemaDefinition.Parse(inline).Schema;
        }
        else if (request.Parameters.GetValueOrDefault("schema_path") is string path && !Template.ContainsTemplate(path) && File.Exists(path))
        {
            declared = SchemaFile.Load(path).Schema;
        }

        if (declared is null)
        {
            // An invalid schema is reported by ValidateParameters; a computed or not yet written file is read at run time.
            request.Unknowable("the schema is read when the task runs");
            return none;
        }

        var columns = input.Fields.Select(static f => f.Name).ToList();
        foreach (var problem in new SchemaValidator(declared, input).Complete().TableErrors.Where(static t => t.Rule is "required_column" or "forbidden_column"))
        {
            var column = problem.Column!;
            var at = inline is null ? request.Locate("schema_path")
                : inline.ContainsKey(column) ? request.Locate($"schema.{column}#key")
                : inline.GetValueOrDefault("columns") is IReadOnlyDictionary<string, object?> sectioned && sectioned.ContainsKey(column) ? request.Locate($"schema.columns.{column}#key")
                : request.Locate("schema");
            request.Report(new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.InvalidValue, problem.Message, at,
                problem.Rule == "required_column" ? NameSuggester.Hint(column, columns, "columns") : "remove the column before validating, or allow it in the schema"));
        }

        return new Dictionary<string, Schema>(StringComparer.Ordinal) { ["valid_data"] = input };
    }
}
