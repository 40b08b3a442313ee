using System.Collections.Concurrent;
using Sluice.Execution;
using Sluice.Server.Runs;
using Sluice.State;

namespace Sluice.Server.Alerts;

/// <summary>Raises <see cref="AlertKind.RunFailed"/> and, once per task of a run, <see cref="AlertKind.RetriesExhausted"/>.</summary>
internal sealed class AlertObserver(AlertNotifier notifier, LiveRuns live, TimeProvider time) : IRunObserver
{
    private readonly ConcurrentDictionary<(string RunId, string TaskId), byte> _exhausted = new();

    public void RunStarted(string runId, string pipelineId, int taskCount)
    {
    }

    public void TaskChanged(string runId, string taskId, int mapIndex, TaskState state, int attempt, string? message)
    {
        // A failure after at least one retry: the retries ran out. Mapped items alert once per task, not per item.
        if (state != TaskState.Failed || attempt < 2 || !notifier.IsEnabled || !_exhausted.TryAdd((runId, taskId), 0))
        {
            return;
        }
        var item = mapIndex >= 0 ? $" (item {mapIndex})" : "";
        notifier.Raise(new Alert(AlertKind.RetriesExhausted, live.Find(runId)?.Definition.Id ?? "", runId, taskId,
            $"task '{taskId}'{item} failed after {attempt} attempts: {message ?? "no error message"}", time.GetUtcNow())
        {
            Fields = new Dictionary<string, string> { ["attempts"] = attempt.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        });
    }

    public void TaskExpanded(string runId, string taskId, int count)
    {
    }

    public void RunFinished(RunOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        foreach (var key in _exhausted.Keys)
        {
            if (key.RunId == outcome.RunId)
            {
                _exhausted.TryRemove(key, out _);
            }
        }
        if (outcome.State == RunState.Failed)
        {
            var failedTask = outcome.Tasks.Where(static t => t.Value == TaskState.Failed).Select(static t => t.Key).FirstOrDefault();
            notifier.Raise(new Alert(AlertKind.RunFailed, outcome.PipelineId, outcome.RunId, failedTask, outcome.Error ?? "the run failed", outcome.EndedAt));
        }
    }
}
