using Sluice.Actions;
using Sluice.Definition;
using Sluice.Expressions;

namespace Sluice.Execution;

/// <summary>Builds a <see cref="TaskNode"/>: resolves the action and policy and parses every template once.</summary>
internal static class NodeFactory
{
    public static TaskNode Create(int index, PipelineDefinition definition, ActionRegistry actions)
    {
        var task = definition.Tasks[index];
        var action = definition.InlineActions.GetValueOrDefault(task.Action) ?? actions.Find(task.Action)
            ?? throw new InvalidOperationException($"Task '{task.Id}' names action '{task.Action}', which is not registered (validation should have caught this).");
        var policy = task.Policy.Over(definition.Defaults).Over(TaskPolicy.BuiltIn);
        var path = $"tasks[{index}]";
        var src = definition.Source;
        var parameters = new List<(string, CompiledValue)>();
        foreach (var (name, value) in task.Parameters)
        {
            parameters.Add((name, CompiledValue.Compile(value, src, $"{path}.parameters.{name}")));
        }
        foreach (var spec in action.Descriptor.Parameters)
        {
            if (!task.Parameters.ContainsKey(spec.Name) && spec.Default is not null)
            {
                parameters.Add((spec.Name, CompiledValue.Compile(spec.Default, src, $"{path}.parameters.{spec.Name}")));
            }
        }
        var model = task.Model is { } m ? definition.Models.FirstOrDefault(x => x.Name == m) : null;
        return new TaskNode(index, task, action, policy)
        {
            Parameters = parameters,
            Condition = task.Condition is null ? null : Expr.Parse(StripBraces(task.Condition), src[$"{path}.condition"]),
            ForEach = task.ForEach is null ? null : Template.Parse(task.ForEach, src[$"{path}.for_each"]),
            MaxWorkersValue = task.MaxWorkers is null ? null : CompiledValue.Compile(task.MaxWorkers, src, $"{path}.max_workers"),
            Model = model,
            ModelSettings = model is null ? null : CompiledValue.Compile(model.Settings, src, $"models.{model.Name}"),
            AutoResolver = actions.AutoResolver,
        };
    }

    /// <summary>A condition may be written bare (<c>inputs.x == 1</c>) or as one template (<c>{{ inputs.x == 1 }}</c>).</summary>
    public static string StripBraces(string condition)
    {
        var t = condition.Trim();
        if (t.StartsWith("{{", StringComparison.Ordinal) && t.EndsWith("}}", StringComparison.Ordinal) && t.IndexOf("{{", 2, StringComparison.Ordinal) < 0)
        {
            return t[2..^2];
        }
        return condition;
    }
}
