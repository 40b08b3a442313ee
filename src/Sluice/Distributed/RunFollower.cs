using Sluice.Definition;
using Sluice.Execution;
using Sluice.State;

namespace Sluice.Distributed;

/// <summary>
/// Follows a run that workers execute, from the store: reports each change of a task's row (map index -1) to an
/// observer, as the embedded executor reports them while it runs, and builds the run's outcome at its end.
/// </summary>
internal sealed class RunFollower(IWorkStore work, PipelineDefinition definition, string runId, IRunObserver? observer)
{
    private readonly string[] _taskIds = [.. definition.Tasks.Select(static t => t.Id)];
    private readonly Dictionary<string, (TaskState State, int Attempt, int? MapCount)> _seen = new(StringComparer.Ordinal);

    /// <summary>Reads the run's task rows and reports those that changed since the last call.</summary>
    public async Task ReportAsync(CancellationToken cancellationToken)
    {
        if (observer is null)
        {
            return;
        }
        var rows = await work.GetTaskRowsAsync(runId, _taskIds, cancellationToken).ConfigureAwait(false);
        Report(rows);
    }

    private void Report(IReadOnlyList<TaskInstanceRecord> rows)
    {
        foreach (var row in rows)
        {
            var now = (row.State, row.Attempt, row.MapCount);
            if (_seen.TryGetValue(row.TaskId, out var before) && before == now)
            {
                continue;
            }
            _seen[row.TaskId] = now;
            if (row.MapCount is { } count && before.MapCount != count)
            {
                observer!.TaskExpanded(runId, row.TaskId, count);
            }
            if (before.State != row.State || before.Attempt != row.Attempt)
            {
                observer!.TaskChanged(runId, row.TaskId, -1, row.State, row.Attempt, row.Error);
            }
        }
    }

    /// <summary>The outcome of <paramref name="run"/> (final, or reported final) from its stored task rows, result and times.</summary>
    public async Task<RunOutcome> OutcomeAsync(RunRecord run, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await work.GetTaskRowsAsync(runId, _taskIds, cancellationToken).ConfigureAwait(false);
        if (observer is not null)
        {
            Report(rows);
        }
        var byId = rows.ToDictionary(static r => r.TaskId, StringComparer.Ordinal);
        var states = new Dictionary<string, TaskState>(_taskIds.Length, StringComparer.Ordinal);
        var outputs = new Dictionary<string, object?>(_taskIds.Length, StringComparer.Ordinal);
        foreach (var id in _taskIds)
        {
            var row = byId.GetValueOrDefault(id);
            // A task without a row never became ready: the run ended (failed or cancelled) before it.
            states[id] = row?.State ?? (run.State == RunState.Cancelled ? TaskState.Cancelled : TaskState.UpstreamFailed);
            outputs[id] = row is { State: TaskState.Succeeded } ? OutputJson.Deserialize(row.OutputsJson) : null;
        }
        return new RunOutcome(run.RunId, run.PipelineId, run.State, states, run.Error, run.StartedAt ?? run.CreatedAt, run.EndedAt ?? now)
        {
            Outputs = outputs,
            Result = run.ResultJson is { } json ? OutputJson.Deserialize($$"""{"result":{{json}}}""")?["result"] : null,
            HasResult = run.State == RunState.Succeeded && definition.Result is not null,
        };
    }
}
