using Sluice.Actions;
using Sluice.Expressions;

namespace Sluice.Definition.Validation;

/// <summary>Each task against its action's descriptor: the action exists, parameters are known, set and well typed, outputs exist.</summary>
internal static class ActionChecks
{
    public static void Run(ValidationScope s)
    {
        var tasks = s.Definition.Tasks;
        var models = s.Definition.Models.Select(static m => m.Name).ToList();
        for (var i = 0; i < tasks.Count; i++)
        {
            var task = tasks[i];
            var path = ValidationScope.TaskPath(i);
            if (task.Model is { } model && !models.Contains(model))
            {
                s.Bag.Error(DiagnosticCodes.UnknownModel, s.At(path + ".model", task.Id), $"task '{task.Id}' uses model '{model}', which is not declared under 'models'",
                    NameSuggester.Hint(model, models, "models"));
            }
            if (task.Action.Length == 0 && s.FromFile)
            {
                continue;
            }
            if (s.FindAction(task.Action) is not { } action)
            {
                s.Bag.Error(DiagnosticCodes.UnknownAction, s.At(path + ".action", task.Id), $"task '{task.Id}' uses the action '{task.Action}', which is not registered",
                    NameSuggester.Hint(task.Action, s.ActionNames, "actions"));
                continue;
            }
            CheckParameters(s, i, action.Descriptor);
            CheckOutputs(s, i, action.Descriptor);
            if (action is IValidatesParameters own)
            {
                var parametersPath = path + ".parameters";
                var id = task.Id;
                s.Bag.AddRange(own.ValidateParameters(task.Parameters, p => s.At(p.Length == 0 ? parametersPath : $"{parametersPath}.{p}", id)));
            }
        }
    }

    private static void CheckParameters(ValidationScope s, int i, ActionDescriptor descriptor)
    {
        var task = s.Definition.Tasks[i];
        var path = ValidationScope.TaskPath(i) + ".parameters";
        foreach (var (name, value) in task.Parameters)
        {
            var at = s.At($"{path}.{name}", task.Id);
            if (descriptor.FindParameter(name) is not { } spec)
            {
                if (!descriptor.AllowsExtraParameters)
                {
                    s.Bag.Error(DiagnosticCodes.UnknownParameter, s.KeyAt($"{path}.{name}", task.Id), $"action '{descriptor.Name}' has no parameter '{name}'",
                        NameSuggester.Hint(name, [.. descriptor.Parameters.Select(static p => p.Name)], "parameters"));
                }
                continue;
            }
            CheckValue(s, at, descriptor, spec, value);
        }
        foreach (var spec in descriptor.Parameters)
        {
            if (spec.Required && !task.Parameters.ContainsKey(spec.Name))
            {
                s.Bag.Error(DiagnosticCodes.MissingParameter, s.At(task.Parameters.Count > 0 ? path : ValidationScope.TaskPath(i), task.Id),
                    $"task '{task.Id}' does not set the required parameter '{spec.Name}' of action '{descriptor.Name}'", $"add '{spec.Name}:' under parameters ({spec.Description})");
            }
        }
        foreach (var group in descriptor.ExactlyOneOf)
        {
            var set = group.Where(task.Parameters.ContainsKey).ToList();
            if (set.Count != 1)
            {
                var names = string.Join(" or ", group.Select(static g => $"'{g}'"));
                s.Bag.Error(DiagnosticCodes.MissingParameter, s.At(task.Parameters.Count > 0 ? path : ValidationScope.TaskPath(i), task.Id),
                    set.Count == 0 ? $"task '{task.Id}' must set {names} for action '{descriptor.Name}'" : $"task '{task.Id}' sets {string.Join(" and ", set.Select(static g => $"'{g}'"))}; action '{descriptor.Name}' takes exactly one of {names}",
                    "keep exactly one of them");
            }
        }
    }

    private static void CheckValue(ValidationScope s, Diagnostics.SourceLocation at, ActionDescriptor descriptor, ParameterSpec spec, object? value)
    {
        if (value is AutoValue)
        {
            if (!spec.SupportsAuto)
            {
                s.Bag.Error(DiagnosticCodes.AutoNotSupported, at, $"parameter '{spec.Name}' of action '{descriptor.Name}' cannot be <AUTO>: the action has no way to choose it",
                    "set a value yourself");
            }
            return;
        }
        if (value is string text && Template.ContainsTemplate(text))
        {
            return; // Checked when rendered at start time; references are checked by ReferenceChecks.
        }
        if (value is null)
        {
            return;
        }
        if (!ValueTypes.Matches(value, spec.Type))
        {
            s.Bag.Error(DiagnosticCodes.ParameterType, at, $"parameter '{spec.Name}' of action '{descriptor.Name}' must be {ValueTypes.Name(spec.Type)}, but is {ValueTypes.Show(value)}",
                $"'{spec.Name}': {spec.Description}");
            return;
        }
        if (spec.AllowedValues is { Count: > 0 } allowed && !allowed.Any(a => ValueTypes.SameValue(a, value)))
        {
            var words = allowed.Select(ValueTypes.Show).ToList();
            var near = value is string str ? NameSuggester.Suggest(str, [.. allowed.OfType<string>()]) : null;
            s.Bag.Error(DiagnosticCodes.ParameterNotAllowed, at, $"parameter '{spec.Name}' of action '{descriptor.Name}' cannot be {ValueTypes.Show(value)}",
                near is not null ? $"did you mean '{near}'? allowed values: {string.Join(", ", words)}" : $"allowed values: {string.Join(", ", words)}");
        }
    }

    private static void CheckOutputs(ValidationScope s, int i, ActionDescriptor descriptor)
    {
        if (descriptor.AllowsExtraOutputs)
        {
            return;
        }
        var task = s.Definition.Tasks[i];
        var known = descriptor.Outputs.Select(static o => o.Name).ToList();
        for (var j = 0; j < task.Outputs.Count; j++)
        {
            var output = task.Outputs[j];
            if (!known.Contains(output))
            {
                s.Bag.Error(DiagnosticCodes.OutputNotProduced, s.At($"{ValidationScope.TaskPath(i)}.outputs[{j}]", task.Id),
                    $"task '{task.Id}' declares the output '{output}', but action '{descriptor.Name}' does not produce it", NameSuggester.Hint(output, known, "outputs"));
            }
        }
    }
}
