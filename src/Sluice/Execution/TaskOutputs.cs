namespace Sluice.Execution;

/// <summary>
/// The value of <c>{{ task }}</c> in templates, shared by the embedded executor and distributed workers: an output map
/// with every declared output present, and for a mapped task per-output lists over its items.
/// </summary>
internal static class TaskOutputs
{
    /// <summary>The outputs with every declared output present (null when the task did not set it).</summary>
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
