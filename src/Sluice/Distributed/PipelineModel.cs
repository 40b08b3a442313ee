using Sluice.Actions;
using Sluice.Definition;
using Sluice.Execution;

namespace Sluice.Distributed;

/// <summary>
/// A pipeline version compiled once per worker: task nodes (templates parsed, actions and policies
/// resolved, as the embedded executor builds them), dependents, and each task's transitive upstream.
/// Immutable after construction; shared by all runs of the version.
/// </summary>
internal sealed class PipelineModel
{
    private readonly Dictionary<string, int> _index;

    public PipelineModel(PipelineDefinition definition, ActionRegistry actions)
    {
        Definition = definition;
        var n = definition.Tasks.Count;
        Nodes = new TaskNode[n];
        _index = new Dictionary<string, int>(n, StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            Nodes[i] = NodeFactory.Create(i, definition, actions);
            _index[Nodes[i].Id] = i;
        }
        Dependents = new string[n][];
        var dependents = new List<string>[n];
        for (var i = 0; i < n; i++)
        {
            dependents[i] = [];
        }
        foreach (var node in Nodes)
        {
            node.Dependencies = [.. node.Definition.Dependencies.Select(d => _index[d])];
            foreach (var d in node.Dependencies)
            {
                dependents[d].Add(node.Id);
            }
        }
        Upstream = new string[n][];
        for (var i = 0; i < n; i++)
        {
            Dependents[i] = [.. dependents[i]];
            Upstream[i] = UpstreamOf(i);
        }
    }

    public PipelineDefinition Definition { get; }

    /// <summary>Nodes in declaration order. Only their immutable members are used here.</summary>
    public TaskNode[] Nodes { get; }

    /// <summary>Direct dependents of each task, by index.</summary>
    public string[][] Dependents { get; }

    /// <summary>Every task upstream of each task (directly or transitively), by index: what its templates may read.</summary>
    public string[][] Upstream { get; }

    public TaskNode Node(string taskId) =>
        _index.TryGetValue(taskId, out var i) ? Nodes[i] : throw new Diagnostics.SluiceException($"Task '{taskId}' is not part of pipeline '{Definition.Id}' (the stored version does not match the run).");

    public bool Contains(string taskId) => _index.ContainsKey(taskId);

    /// <summary>The queue a task's work goes to: its pool, or <c>default</c>.</summary>
    public static string QueueOf(TaskNode node) => node.Definition.Pool ?? "default";

    private string[] UpstreamOf(int start)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int>(Nodes[start].Dependencies);
        while (stack.TryPop(out var i))
        {
            if (seen.Add(i))
            {
                foreach (var d in Nodes[i].Dependencies)
                {
                    stack.Push(d);
                }
            }
        }
        return [.. seen.Order().Select(i => Nodes[i].Id)];
    }
}
