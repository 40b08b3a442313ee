using Sluice.Definition;
using Sluice.State;

namespace Sluice.Cli.Output;

/// <summary>
/// What <c>sluice show</c> says about the tasks of a run that has not ended: each task that is not running and why
/// (<see cref="TaskWaitReason"/>, the reasons the run page shows), tasks not started yet included.
/// </summary>
internal static class TaskWaits
{
    /// <summary>
    /// The tasks to list (those of <paramref name="summaries"/>, then, while the run has not ended, the definition's tasks
    /// with no row yet, as pending) with the reason each waits, or null for none. Reads the store alone: what holds back a task that could start (the
    /// executing process's slots, pools, rate limits) is named, not measured.
    /// </summary>
    public static IReadOnlyList<(TaskSummary Task, string? WaitingFor)> Of(RunRecord run, PipelineDefinition? definition, IReadOnlyList<TaskSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(summaries);
        var tasks = summaries.ToList();
        if (run.State.IsFinal())
        {
            return [.. tasks.Select(static t => (t, (string?)null))];
        }
        if (definition is not null)
        {
            var seen = tasks.Select(static t => t.TaskId).ToHashSet(StringComparer.Ordinal);
            tasks.AddRange(TaskOrder.Of(definition).Where(id => !seen.Contains(id))
                .Select(static id => new TaskSummary(id, TaskState.Pending, 0, null, 0, 0, null, null, null, null)));
        }
        var states = tasks.ToDictionary(static t => t.TaskId, static t => t.State, StringComparer.Ordinal);
        var dependencies = definition?.Tasks.ToDictionary(static t => t.Id, static t => t.Dependencies, StringComparer.Ordinal);
        var slot = run.State == RunState.Queued
            ? "the run is queued: no process executes it yet"
            : $"ready: waiting for a free slot of the process executing the run ({run.LeaseOwner ?? "unknown"}): its task limit, pools or rate limits";
        return [.. tasks.Select(t => (t, TaskWaitReason.For(t.State, t.Attempts, dependencies?.GetValueOrDefault(t.TaskId) ?? [],
            id => states.TryGetValue(id, out var s) ? s : null, false, _ => slot)))];
    }
}
