using Sluice.Execution.Semantics;
using Sluice.State;

namespace Sluice.Server.Runs;

public sealed partial class RunHost
{
    /// <summary>
    /// Clears tasks of a run that is not executing (<see cref="TaskRework.Clear"/>) and queues the run again: the cleared
    /// tasks (or items) and their downstream run within the same run, with the definition version it started with.
    /// </summary>
    /// <returns>The outcome and, when refused, why.</returns>
    public Task<(RunCommandResult Result, string? Reason)> ClearAsync(string runId, IReadOnlyCollection<string> taskIds, IReadOnlyCollection<int>? items, bool downstream,
        string actor, CancellationToken cancellationToken = default) =>
        ReworkAsync(runId, (definition, run, rows, now) => TaskRework.Clear(definition, run, rows, taskIds, items, downstream, actor, now), cancellationToken);

    /// <summary>Marks a task of a run that is not executing succeeded or skipped (<see cref="TaskRework.Mark"/>) and queues the run again.</summary>
    /// <returns>The outcome and, when refused, why.</returns>
    public Task<(RunCommandResult Result, string? Reason)> MarkAsync(string runId, string taskId, TaskState state, string reason, string actor,
        CancellationToken cancellationToken = default) =>
        ReworkAsync(runId, (definition, run, rows, now) => TaskRework.Mark(definition, run, rows, taskId, state, reason, actor, now), cancellationToken);

    /// <summary>The stored run, or null.</summary>
    public Task<RunRecord?> FindRunAsync(string runId, CancellationToken cancellationToken = default) => _store.GetRunAsync(runId, cancellationToken);

    private async Task<(RunCommandResult Result, string? Reason)> ReworkAsync(string runId,
        Func<Definition.PipelineDefinition, RunRecord, IReadOnlyList<TaskInstanceRecord>, DateTimeOffset, ReworkPlan> plan, CancellationToken cancellationToken)
    {
        var run = await _store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return (RunCommandResult.NotFound, null);
        }
        if (_waiting.ContainsKey(runId) || _executing.ContainsKey(runId))
        {
            return (RunCommandResult.Conflict, $"run '{runId}' is queued or running; cancel it or wait until it ends before changing its tasks");
        }
        var definition = await _definitions.GetAsync(run.PipelineId, run.VersionHash, cancellationToken).ConfigureAwait(false);
        if (definition is null)
        {
            return (RunCommandResult.Conflict, $"the definition version {run.VersionHash} of run '{runId}' is missing from the store or no longer validates");
        }
        var rows = await _store.GetTaskInstancesAsync(runId, cancellationToken).ConfigureAwait(false);
        var decided = plan(definition, run, rows, _options.Time.GetUtcNow());
        if (decided.Batch is null)
        {
            return (RunCommandResult.Conflict, decided.Error);
        }
        await _store.CommitAsync(decided.Batch, cancellationToken).ConfigureAwait(false);
        Enqueue(run, definition);
        return (RunCommandResult.Accepted, null);
    }
}
