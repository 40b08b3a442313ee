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
        return new TaskValue(row.State, WithDeclared(outputs, node.Definition.Outputs), null);
    }

    public static Dictionary<string, object?> WithDeclared(IReadOnlyDictionary<string, object?>? outputs, IReadOnlyList<string> declared)
    {
        var result = outputs is null ? new Dictionary<string, object?>(StringComparer.Ordinal) : new Dictionary<string, object?>(outputs, StringComparer.Ordinal);
        foreach (var d in declared)
        {
            result.TryAdd(d, null);
        }
        return result;
    }

    /// <summary>Per output name, the list of that output over all items (null for items without it).</summary>
    public static Dictionary<string, object?> Aggregate(IReadOnlyList<IReadOnlyDictionary<string, object?>?> items, IReadOnlyList<string> declared)
    {
        var names = new List<string>(declared);
        foreach (var o in items)
        {
            if (o is null)
            {
                continue;
            }
            foreach (var k in o.Keys)
            {
                if (!names.Contains(k))
                {
                    names.Add(k);
                }
            }
        }
        var result = new Dictionary<string, object?>(names.Count, StringComparer.Ordinal);
        foreach (var name in names)
        {
            var list = new object?[items.Count];
            for (var i = 0; i < list.Length; i++)
            {
                list[i] = items[i]?.GetValueOrDefault(name);
            }
            result[name] = list;
        }
        return result;
    }
}
