using Sluice.Definition;
using Sluice.Definition.Validation;
using Sluice.Diagnostics;
using Sluice.Execution;
using Sluice.Expressions;

namespace Sluice.Actions.BuiltIn.SubPipeline;

/// <summary>The <c>inputs</c> a <c>pipeline</c> task passes, against the inputs its child declares.</summary>
internal static class ChildInputs
{
    /// <summary>
    /// Load-time checks of the literal parts of <paramref name="inputs"/> (as written; templates are skipped): every
    /// key is a declared input, required inputs are given, literal values have the declared type and enum.
    /// </summary>
    public static List<Diagnostic> Check(PipelineDefinition child, string childName, object? inputs, bool inputsSet, Func<string, SourceLocation> locate)
    {
        var found = new List<Diagnostic>();
        if (inputs is string || inputs is AutoValue)
        {
            return found; // A template: checked at run time.
        }
        var map = inputs as IReadOnlyDictionary<string, object?> ?? new Dictionary<string, object?>();
        var declared = child.Inputs.ToDictionary(static i => i.Name, StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            var at = locate($"inputs.{key}");
            if (!declared.TryGetValue(key, out var input))
            {
                // Point at the misspelt key itself when the source map knows where it is.
                var keyAt = locate($"inputs.{key}#key");
                at = keyAt != locate("inputs") ? keyAt : at;
                var hint = declared.Count == 0
                    ? $"pipeline '{child.Id}' declares no inputs; declare '{key}' under 'inputs:' in {childName}"
                    : NameSuggester.Hint(key, declared.Keys, "inputs");
                found.Add(new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.UnknownParameter, $"pipeline '{child.Id}' ({childName}) has no input '{key}'", at, hint));
                continue;
            }
            if (HasTemplate(value))
            {
                continue;
            }
            if (!InputBinder.TryConvert(input.Type, value, out var converted, out var why))
            {
                found.Add(new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.ParameterType, $"input '{key}' of pipeline '{child.Id}': {why}", at,
                    $"'{key}' is declared as {input.Type.ToString().ToLowerInvariant()} in {childName}"));
            }
            else if (input.Enum is { Count: > 0 } allowed && !allowed.Any(a => ExprValues.AreEqual(a, converted)))
            {
                found.Add(new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.ParameterNotAllowed, $"input '{key}' of pipeline '{child.Id}' cannot be {ExprValues.ToJsonText(converted)}", at,
                    $"allowed values: {string.Join(", ", allowed.Select(ExprValues.ToText))}"));
            }
        }
        foreach (var input in child.Inputs)
        {
            if (input.Required && !input.HasDefault && !map.ContainsKey(input.Name))
            {
                found.Add(new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.MissingParameter, $"pipeline '{child.Id}' ({childName}) requires the input '{input.Name}'",
                    locate(inputsSet ? "inputs" : string.Empty), $"add '{input.Name}:' under the task's 'inputs:'" + (input.Description is { } d ? $" ({d})" : "")));
            }
        }
        return found;
    }

    /// <summary>Run-time binding of the rendered <paramref name="inputs"/>; every problem is listed in the exception.</summary>
    /// <exception cref="SluiceException">An input is unknown, missing, of the wrong type or not allowed (permanent).</exception>
    public static IReadOnlyDictionary<string, object?> Bind(PipelineDefinition child, string childName, IReadOnlyDictionary<string, object?> inputs)
    {
        var bound = InputBinder.Bind(child, inputs, out var errors);
        var problems = new List<string>(errors);
        foreach (var key in inputs.Keys)
        {
            if (!child.Inputs.Any(i => string.Equals(i.Name, key, StringComparison.Ordinal)))
            {
                problems.Add($"input '{key}' is not declared");
            }
        }
        if (problems.Count > 0)
        {
            throw new SluiceException($"the inputs for pipeline '{child.Id}' ({childName}) are not valid: {string.Join("; ", problems)}");
        }
        return bound;
    }

    private static bool HasTemplate(object? value) => value switch
    {
        string s => Template.ContainsTemplate(s),
        AutoValue => true,
        IReadOnlyDictionary<string, object?> map => map.Values.Any(HasTemplate),
        IReadOnlyList<object?> list => list.Any(HasTemplate),
        _ => false,
    };
}
