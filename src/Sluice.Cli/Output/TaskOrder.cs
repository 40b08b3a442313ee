using Sluice.Definition;
using Sluice.Definition.Yaml;
using Sluice.State;
using Sluice.Stores;

namespace Sluice.Cli.Output;

/// <summary>
/// The order a run's tasks are listed in: the DAG's (every task after its dependencies, declaration order among
/// tasks that are free at the same time), read from the definition the run started with.
/// </summary>
internal static class TaskOrder
{
    /// <summary>Task ids in DAG order, or null when the run's definition is not in the store or no longer loads.</summary>
    public static async Task<IReadOnlyList<string>?> OfRunAsync(SluiceStore store, RunRecord run, CancellationToken cancellationToken) =>
        await DefinitionOfRunAsync(store, run, cancellationToken).ConfigureAwait(false) is { } definition ? Of(definition) : null;

    /// <summary>The definition the run started with, or null when it is not in the store or no longer loads.</summary>
    public static async Task<PipelineDefinition?> DefinitionOfRunAsync(SluiceStore store, RunRecord run, CancellationToken cancellationToken)
    {
        var version = await store.State.GetPipelineVersionAsync(run.PipelineId, run.VersionHash, cancellationToken).ConfigureAwait(false);
        if (version is null)
        {
            return null;
        }
        return PipelineLoader.Load(version.SourceText, version.SourcePath ?? $"{run.PipelineId}.yaml", CommonOptions.Actions(store)).Definition;
    }

    /// <summary>Kahn's algorithm with the declaration index as priority.</summary>
    public static IReadOnlyList<string> Of(PipelineDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var tasks = definition.Tasks;
        var index = new Dictionary<string, int>(tasks.Count, StringComparer.Ordinal);
        for (var i = 0; i < tasks.Count; i++)
        {
            index[tasks[i].Id] = i;
        }
        var waiting = new int[tasks.Count];
        var dependents = new List<int>[tasks.Count];
        for (var i = 0; i < tasks.Count; i++)
        {
            dependents[i] = [];
        }
        for (var i = 0; i < tasks.Count; i++)
        {
            foreach (var d in tasks[i].Dependencies.Distinct(StringComparer.Ordinal))
            {
                if (index.TryGetValue(d, out var j))
                {
                    dependents[j].Add(i);
                    waiting[i]++;
                }
            }
        }
        var ready = new PriorityQueue<int, int>();
        for (var i = 0; i < tasks.Count; i++)
        {
            if (waiting[i] == 0)
            {
                ready.Enqueue(i, i);
            }
        }
        var order = new List<string>(tasks.Count);
        while (ready.TryDequeue(out var i, out _))
        {
            order.Add(tasks[i].Id);
            foreach (var d in dependents[i])
            {
                if (--waiting[d] == 0)
                {
                    ready.Enqueue(d, d);
                }
            }
        }
        return order;
    }
}
