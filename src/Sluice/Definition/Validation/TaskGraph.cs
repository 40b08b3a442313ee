namespace Sluice.Definition.Validation;

/// <summary>The tasks by id and, for each task, every task upstream of it (directly or transitively).</summary>
internal sealed class TaskGraph
{
    private readonly HashSet<string>[] _upstream;

    private TaskGraph(Dictionary<string, int> indexById, HashSet<string>[] upstream)
    {
        IndexById = indexById;
        _upstream = upstream;
    }

    /// <summary>The index of the first task with each id.</summary>
    public Dictionary<string, int> IndexById { get; }

    public bool IsUpstream(int taskIndex, string otherId) => _upstream[taskIndex].Contains(otherId);

    /// <summary>Builds the closure over known dependencies; tolerates cycles and unknown ids.</summary>
    public static TaskGraph Build(IReadOnlyList<TaskDefinition> tasks)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < tasks.Count; i++)
        {
            index.TryAdd(tasks[i].Id, i);
        }
        var upstream = new HashSet<string>[tasks.Count];
        for (var i = 0; i < tasks.Count; i++)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>(tasks[i].Dependencies);
            while (pending.Count > 0)
            {
                var id = pending.Pop();
                if (!index.TryGetValue(id, out var j) || !seen.Add(id))
                {
                    continue;
                }
                foreach (var d in tasks[j].Dependencies)
                {
                    pending.Push(d);
                }
            }
            upstream[i] = seen;
        }
        return new TaskGraph(index, upstream);
    }
}
