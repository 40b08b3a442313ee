using System.Globalization;

namespace Sluice.Actions.BuiltIn.SubPipeline;

/// <summary>
/// Ids and trigger labels of child runs started by the <c>pipeline</c> action. The id is deterministic per parent
/// run, task and item, so a retried or resumed parent task finds its child run again. The store has no parent
/// column: the parent is recorded in the child run's trigger, <c>parent:RUN/TASK</c> (<c>parent:RUN/TASK[3]</c> for
/// an item of a <c>for_each</c> task).
/// </summary>
public static class ChildRunIds
{
    /// <summary>The prefix of a child run's trigger.</summary>
    public const string TriggerPrefix = "parent:";

    /// <summary>The child run id of task <paramref name="taskId"/> (item <paramref name="mapIndex"/>, -1 when unmapped) of run <paramref name="parentRunId"/>.</summary>
    public static string For(string parentRunId, string taskId, int mapIndex) =>
        mapIndex < 0
            ? $"{parentRunId}.{taskId}"
            : $"{parentRunId}.{taskId}.{mapIndex.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The trigger recorded on the child run.</summary>
    public static string Trigger(string parentRunId, string taskId, int mapIndex) =>
        mapIndex < 0
            ? $"{TriggerPrefix}{parentRunId}/{taskId}"
            : $"{TriggerPrefix}{parentRunId}/{taskId}[{mapIndex.ToString(CultureInfo.InvariantCulture)}]";

    /// <summary>Reads the parent run id and task id back from a child run's trigger; false for other triggers.</summary>
    public static bool TryParseParent(string trigger, out string parentRunId, out string taskId)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        parentRunId = taskId = string.Empty;
        if (!trigger.StartsWith(TriggerPrefix, StringComparison.Ordinal))
        {
            return false;
        }
        var rest = trigger.AsSpan(TriggerPrefix.Length);
        var slash = rest.LastIndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1)
        {
            return false;
        }
        parentRunId = rest[..slash].ToString();
        var task = rest[(slash + 1)..];
        var bracket = task.IndexOf('[');
        taskId = (bracket < 0 ? task : task[..bracket]).ToString();
        return taskId.Length > 0;
    }
}
