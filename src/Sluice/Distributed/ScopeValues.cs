using Sluice.Execution;
using Sluice.State;

namespace Sluice.Distributed;

/// <summary>
/// The value of <c>{{ task }}</c> in templates, computed exactly as the embedded executor does: an output
/// map with every declared output present, per-output lists over the items of a mapped task, null otherwise.
/// </summary>
internal static class ScopeValues
{
    public static TaskValue FromRow(TaskInstanceRecord row, TaskNode node)
    {
        if (row.State != TaskState.Succeeded)
        {
            return new TaskValue(row.State, null, row.Error);
        }
        // A mapped parent stores its aggregated lists in distributed mode; both forms read the same way.
        var outputs = OutputJson.Deserialize(row.OutputsJson);
        return new TaskValue(row.State, TaskOutputs.WithDeclared(outputs, node.Definition.Outputs), null);
    }
}
