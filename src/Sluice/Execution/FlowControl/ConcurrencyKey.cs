using Sluice.Definition;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.Execution.FlowControl;

/// <summary>
/// Renders a pipeline's <c>concurrency.key</c> for one run from the run's inputs: runs of the pipeline whose keys render
/// alike share the <c>concurrency.limit</c>.
/// </summary>
public static class ConcurrencyKey
{
    /// <summary>
    /// The rendered key of a run, or null when the pipeline has no <c>concurrency</c>. A key that cannot be rendered
    /// (an input missing at run time) renders as the error's text, so such runs still share one key instead of
    /// escaping the limit.
    /// </summary>
    /// <param name="definition">The pipeline.</param>
    /// <param name="inputsJson">The run's bound inputs as stored (<c>RunRecord.InputsJson</c>).</param>
    public static string? Render(PipelineDefinition definition, string inputsJson)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Concurrency is not { } concurrency)
        {
            return null;
        }
        var inputs = OutputJson.Deserialize(inputsJson) ?? new Dictionary<string, object?>();
        try
        {
            var template = Template.Parse(concurrency.Key, SourceLocation.None);
            return ExprValues.ToText(template.Render(new InputsScope(inputs)));
        }
        catch (ExpressionException ex)
        {
            return "error: " + ex.Message;
        }
    }

    private sealed class InputsScope(IReadOnlyDictionary<string, object?> inputs) : IExpressionScope
    {
        public bool TryGetRoot(string name, out object? value)
        {
            value = name == "inputs" ? inputs : null;
            return name == "inputs";
        }

        public string? GetSecret(string name) => null;
    }
}
