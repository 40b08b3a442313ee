using Sluice.Actions;
using Sluice.Diagnostics;

namespace Sluice.Definition.Validation;

/// <summary>
/// Checks a <see cref="PipelineDefinition"/> (from YAML or C#) before anything runs and reports every
/// problem at once, each with a stable code, a location and a hint.
/// </summary>
public static class PipelineValidator
{
    /// <summary>
    /// Validates <paramref name="definition"/> against the actions in <paramref name="actions"/> (and the
    /// definition's own inline actions). Returns errors and warnings; an empty list means valid.
    /// </summary>
    public static IReadOnlyList<Diagnostic> Validate(PipelineDefinition definition, ActionRegistry actions)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(actions);
        var scope = new ValidationScope(definition, actions);
        if (!scope.FromFile && !IsPipelineId(definition.Id))
        {
            scope.Bag.Error(DiagnosticCodes.BadPipelineId, scope.At(string.Empty), $"the pipeline id '{definition.Id}' may only contain lowercase letters, digits, '_' and '-'",
                "for example 'customer_etl'");
        }
        var graph = GraphChecks.Run(scope);
        ActionChecks.Run(scope);
        InputChecks.Run(scope);
        TriggerChecks.Run(scope);
        PolicyChecks.Run(scope);
        ReferenceChecks.Run(scope, graph);
        CodeChecks.Run(scope);
        return scope.Bag.Items;
    }

    /// <summary>True when <paramref name="definition"/> has no error (warnings allowed).</summary>
    public static bool IsValid(PipelineDefinition definition, ActionRegistry actions) =>
        Validate(definition, actions).All(static d => d.Severity != DiagnosticSeverity.Error);

    private static bool IsPipelineId(string id) =>
        id.Length > 0 && id.All(static c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-');
}
