using Sluice.Data.Batches;
using Sluice.Definition.Validation;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.DataActions.Schemas;

/// <summary>Column names written in a parameter (a name or a list of them) checked against a schema before the run.</summary>
internal static class ColumnChecks
{
    /// <summary>Reports each name in <paramref name="written"/> (at <paramref name="path"/>) that is not a column of <paramref name="schema"/>, at its item, with the nearest names.</summary>
    public static void Require(SchemaRequest request, Schema schema, object? written, string path)
    {
        IReadOnlyList<object?> names = written switch
        {
            string one => [one],
            IReadOnlyList<object?> list => list,
            _ => [],
        };
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] is string name && !Template.ContainsTemplate(name) && schema.IndexOf(name) < 0)
            {
                request.Report(new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.InvalidValue, $"unknown column '{name}'",
                    request.Origin(written is IReadOnlyList<object?> ? $"{path}[{i}]" : path), NameSuggester.Hint(name, [.. schema.Fields.Select(static f => f.Name)], "columns")));
            }
        }
    }
}
