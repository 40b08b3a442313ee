using Sluice.Actions;
using Sluice.Actions.Auto;
using Sluice.Definition;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.Execution.Semantics;

/// <summary>
/// Resolves a task's <c>&lt;AUTO&gt;</c> parameters before its action runs, in one order for every engine: the task's
/// model (through <see cref="IAutoResolver"/>), then an allowed value the hint names (<see cref="AutoHint"/>), else the
/// <see cref="AutoValue"/> stays and the action's own heuristic chooses (and logs its choice). Every decision is one line
/// on the <c>auto</c> log stream, which <c>sluice show</c>, the run report, the API and the run page display.
/// </summary>
internal static class AutoParameters
{
    /// <summary>The log stream of <c>&lt;AUTO&gt;</c> decisions.</summary>
    public const string LogStream = State.LogStreams.Auto;

    public static async ValueTask<IReadOnlyDictionary<string, object?>> ResolveAsync(
        IAction action, string taskId, ModelDefinition? model, IAutoResolver? resolver, IReadOnlyDictionary<string, object?> parameters, ITaskLog log,
        Files.PathPolicy files, CancellationToken cancellationToken)
    {
        Dictionary<string, object?>? resolved = null;
        foreach (var (name, value) in parameters)
        {
            if (value is not AutoValue auto)
            {
                continue;
            }
            var spec = action.Descriptor.FindParameter(name);
            var chosen = spec is null ? null : await ChooseAsync(action, taskId, model, resolver, parameters, spec, auto, log, files, cancellationToken).ConfigureAwait(false);
            if (chosen is { } c)
            {
                (resolved ??= new Dictionary<string, object?>(parameters, StringComparer.Ordinal))[name] = c.Value;
            }
        }
        return resolved ?? parameters;
    }

    private static async ValueTask<AutoResolution?> ChooseAsync(
        IAction action, string taskId, ModelDefinition? model, IAutoResolver? resolver, IReadOnlyDictionary<string, object?> parameters,
        ParameterSpec spec, AutoValue auto, ITaskLog log, Files.PathPolicy files, CancellationToken cancellationToken)
    {
        string why;
        if (model is null)
        {
            why = "the task has no model";
        }
        else if (resolver is null)
        {
            why = $"no model provider is installed for model '{model.Name}'";
        }
        else
        {
            var request = new AutoRequest { Model = model, Action = action.Descriptor, Parameter = spec, Hint = auto.Hint, Parameters = parameters, TaskId = taskId, Log = log, Files = files };
            var answer = await resolver.ResolveAsync(request, cancellationToken).ConfigureAwait(false);
            if (answer is { Value: { } v } && Valid(spec, v) is { } valid)
            {
                var byModel = answer with { Value = valid };
                Write(log, spec.Name, byModel);
                return byModel;
            }
            why = answer is null ? $"model '{model.Name}' ({model.Provider}/{model.Model}) does not choose parameters" : $"{answer.Source}: {answer.Reason}";
            if (answer is { Value: not null })
            {
                why = $"{answer.Source} answered {ExprValues.ToText(answer.Value)}, which is not a valid value";
            }
        }
        if (AutoHint.NamedValue(auto.Hint, spec.AllowedValues) is { } named)
        {
            var byHint = new AutoResolution(named, "heuristic", $"the hint names '{named}' ({why})");
            Write(log, spec.Name, byHint);
            return byHint;
        }
        log.Write(LogStream, State.AutoDecision.FormatFallback(spec.Name, auto.Hint, why));
        return null;
    }

    private static object? Valid(ParameterSpec spec, object value)
    {
        try
        {
            return ParameterBinder.Check(spec, value);
        }
        catch (SluiceException)
        {
            return null;
        }
    }

    private static void Write(ITaskLog log, string name, AutoResolution r) =>
        log.Write(LogStream, State.AutoDecision.FormatChosen(name, ExprValues.ToText(r.Value), r.Source, r.Reason, r.InputTokens, r.OutputTokens));
}
