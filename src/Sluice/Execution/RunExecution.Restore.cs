using Sluice.State;

namespace Sluice.Execution;

internal sealed partial class RunExecution
{
    /// <summary>
    /// Applies the stored state of a resumed run: succeeded and skipped tasks (and succeeded items of
    /// mapped tasks) keep their committed outputs and do not run again; everything else starts over,
    /// with attempt numbers continuing where they stopped.
    /// </summary>
    private void Restore(IReadOnlyList<TaskInstanceRecord> previous)
    {
        if (previous.Count == 0)
        {
            return;
        }
        var items = new Dictionary<string, List<TaskInstanceRecord>>(StringComparer.Ordinal);
        var mapCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in previous)
        {
            if (!_byId.TryGetValue(r.TaskId, out var node))
            {
                continue;
            }
            if (r.MapIndex >= 0)
            {
                if (!items.TryGetValue(r.TaskId, out var list))
                {
                    items[r.TaskId] = list = [];
                }
                list.Add(r);
                continue;
            }
            node.Attempt = r.Attempt;
            node.RetryBase = r.RetryBase;
            node.StartedAt = r.StartedAt;
            if (r.MapCount is { } mapCount)
            {
                mapCounts[r.TaskId] = mapCount;
            }
            if (r.State == TaskState.Skipped || (r.State == TaskState.Succeeded && !node.IsMapped))
            {
                node.State = r.State;
                node.OutputsJson = r.OutputsJson;
                node.Outputs = r.State == TaskState.Succeeded ? OutputJson.Deserialize(r.OutputsJson) : null;
            }
            else if (r.State == TaskState.Succeeded)
            {
                node.State = TaskState.Succeeded;
                node.Items = new object?[r.MapCount ?? 0];
            }
        }
        foreach (var (taskId, rows) in items)
        {
            RestoreItems(_byId[taskId], rows, mapCounts.TryGetValue(taskId, out var c) ? c : null);
        }
        foreach (var node in _nodes)
        {
            if (node.State.IsDone())
            {
                node.ScopeValue = node.State == TaskState.Succeeded ? ScopeValueOf(node) : null;
                foreach (var d in node.Dependents)
                {
                    _nodes[d].RemainingDependencies--;
                }
            }
        }
    }

    /// <summary>
    /// Restores a mapped task's items. The arrays are sized by the stored item count (items never started have no row),
    /// so <see cref="Expand"/> keeps them and only unfinished items run again, their attempt numbers continuing.
    /// </summary>
    private static void RestoreItems(TaskNode node, List<TaskInstanceRecord> rows, int? storedCount)
    {
        var count = node.State == TaskState.Succeeded ? node.Items!.Count : storedCount ?? rows.Max(static r => r.MapIndex) + 1;
        node.ItemStates = new byte[count];
        node.ItemAttempts = new short[count];
        node.ItemOutputs = new IReadOnlyDictionary<string, object?>?[count];
        foreach (var r in rows)
        {
            if (r.MapIndex >= count)
            {
                continue;
            }
            node.ItemAttempts[r.MapIndex] = (short)Math.Min(r.Attempt, short.MaxValue);
            if (r.RetryBase > 0)
            {
                node.ItemRetryBases ??= new short[count];
                node.ItemRetryBases[r.MapIndex] = (short)Math.Min(r.RetryBase, short.MaxValue);
            }
            if (r.State == TaskState.Succeeded)
            {
                node.ItemStates[r.MapIndex] = (byte)TaskState.Succeeded;
                node.ItemOutputs[r.MapIndex] = OutputJson.Deserialize(r.OutputsJson);
                node.ItemsFinished++;
            }
        }
        if (node.State != TaskState.Succeeded)
        {
            // Marks the arrays as restored; Expand keeps them when the item list has the same length.
            node.Items = new object?[count];
        }
    }
}
