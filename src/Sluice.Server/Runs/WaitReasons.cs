using Sluice.Definition;
using Sluice.State;

namespace Sluice.Server.Runs;

/// <summary>Explains why a task of an active run is not running: unfinished dependencies, or which slot limit holds it back.</summary>
internal sealed class WaitReasons
{
    private readonly Dictionary<string, TaskState> _states;
    private readonly LiveRun? _live;
    private readonly PipelineDefinition? _definition;
    private readonly RunHost _host;
    private readonly ServerOptions _options;

    public WaitReasons(IReadOnlyList<TaskView> tasks, LiveRun? live, PipelineDefinition? definition, RunHost host, ServerOptions options)
    {
        _states = tasks.ToDictionary(static t => t.Id, static t => t.State, StringComparer.Ordinal);
        _live = live;
        _definition = definition;
        _host = host;
        _options = options;
    }

    /// <summary>The reason (<see cref="TaskWaitReason.For"/>) with this server's slots, pools and limits for a task that could start.</summary>
    public string? For(TaskView task) =>
        TaskWaitReason.For(task.State, task.Attempts, task.Dependencies, id => _states.TryGetValue(id, out var s) ? s : null,
            task.Items is { } n && task.ItemsRunning == 0 && task.ItemsSucceeded + task.ItemsFailed < n,
            state => state == TaskState.Pending && _live is null ? null : SlotReason(task));

    private string SlotReason(TaskView task)
    {
        var reasons = new List<string>();
        var running = 0;
        string? pool = null;
        if (_live is not null)
        {
            lock (_live.Gate)
            {
                running = _live.Running;
                pool = _definition?.Tasks.FirstOrDefault(t => t.Id == task.Id)?.Pool;
            }
        }
        var max = Math.Max(1, _definition?.MaxActiveTasks is { } m ? Math.Min(m, _options.MaxParallelTasksPerRun) : _options.MaxParallelTasksPerRun);
        if (running >= max)
        {
            reasons.Add($"max_active tasks of this run ({running}/{max} running)");
        }
        var pools = _host.ExecutorOptions.Pools;
        if (pool is not null && pools.Limits.TryGetValue(pool, out var limit) && pools.InUse(pool) is var inUse && inUse >= limit)
        {
            reasons.Add($"pool '{pool}' ({inUse}/{limit} in use by all runs)");
        }
        var slots = _host.Slots;
        if (slots.InUse >= slots.Capacity)
        {
            reasons.Add($"global task slots ({slots.InUse}/{slots.Capacity} in use by all runs)");
        }
        return reasons.Count == 0 ? "ready: waiting for a slot (starting)" : "waiting for a slot: " + string.Join("; ", reasons);
    }
}
