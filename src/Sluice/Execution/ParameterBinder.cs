using Sluice.Actions;
using Sluice.Definition;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.Execution;

/// <summary>Renders a task instance's parameters and checks them against the action's declared types.</summary>
internal static class ParameterBinder
{
    public static IReadOnlyDictionary<string, object?> Bind(TaskNode node, IExpressionScope scope)
    {
        var descriptor = node.Action.Descriptor;
        var result = new Dictionary<string, object?>(node.Parameters.Count, StringComparer.Ordinal);
        foreach (var (name, value) in node.Parameters)
        {
            object? rendered;
            try
            {
                rendered = value.Render(scope);
            }
            catch (ExpressionException ex)
            {
                throw new SluiceException($"parameter '{name}': {ex.Message}");
            }
            if (descriptor.FindParameter(name) is { } spec)
            {
                rendered = Check(spec, rendered);
            }
            result[name] = rendered;
        }
        foreach (var spec in descriptor.Parameters)
        {
            if (spec.Required && (!result.TryGetValue(spec.Name, out var v) || v is null))
            {
                throw new SluiceException($"parameter '{spec.Name}' is required but evaluated to null");
            }
        }
        return result;
    }

    /// <summary>Checks a rendered value against the parameter's type and allowed values (a number written as text becomes a number).</summary>
    internal static object? Check(ParameterSpec spec, object? value)
    {
        if (value is null || value is AutoValue)
        {
            return value;
        }
        var ok = spec.Type switch
        {
            ParameterType.String => value is string,
            ParameterType.Integer => value is long,
            ParameterType.Number => value is long or double,
            ParameterType.Boolean => value is bool,
            ParameterType.List => value is IReadOnlyList<object?>,
            ParameterType.Map => value is IReadOnlyDictionary<string, object?>,
            _ => true,
        };
        if (!ok && spec.Type == ParameterType.Number && value is string s && double.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var d))
        {
            return d;
        }
        if (!ok)
        {
            throw new SluiceException($"parameter '{spec.Name}' must be {spec.Type.ToString().ToLowerInvariant()}, got {ExprValues.TypeName(value)}");
        }
        if (spec.AllowedValues is { Count: > 0 } allowed && !allowed.Any(a => ExprValues.AreEqual(a, value)))
        {
            throw new SluiceException($"parameter '{spec.Name}' must be one of {string.Join(", ", allowed)}, got {ExprValues.ToText(value)}");
        }
        return value;
    }
}
