using System.Collections.Concurrent;
using Sluice.Definition;
using Sluice.Execution;
using Sluice.Server.Metrics;
using Sluice.State;

namespace Sluice.Server.Runs;

/// <summary>
/// The executor's observer for every run of this server: keeps the live state of active runs (for
/// "why not running" and live pages) and counts finished runs and task instances for /metrics.
/// </summary>
internal sealed class LiveRuns(ServerMetrics metrics, TimeProvider time) : IRunObserver
{
    private readonly ConcurrentDictionary<string, LiveRun> _runs = new(StringComparer.Ordinal);

    public LiveRun? Find(string runId) => _runs.GetValueOrDefault(runId);

    public void Track(string runId, PipelineDefinition definition) => _runs[runId] = new LiveRun(runId, definition);

    public void Forget(string runId) => _runs.TryRemove(runId, out _);

    public void RunStarted(string runId, string pipelineId, int taskCount)
    {
        if (_runs.TryGetValue(runId, out var run))
        {
            lock (run.Gate)
            {
                run.Started = true;
            }
        }
    }

    public void TaskChanged(string runId, string taskId, int mapIndex, TaskState state, int attempt, string? message)
    {
        if (!_runs.TryGetValue(runId, out var run))
        {
            return;
        }
        TimeSpan? attemptDuration;
        bool countInstance;
        lock (run.Gate)
        {
            attemptDuration = run.Apply(taskId, mapIndex, state, attempt, message, time.GetUtcNow(), time.GetTimestamp(), time);
            // A mapped task's parent row summarises its items, which are counted one by one.
            countInstance = state.IsFinal() && (mapIndex >= 0 || run.Find(taskId)?.ItemCount is null);
        }
        if (attemptDuration is { } d)
        {
            metrics.AttemptEnded(run.Definition.Id, taskId, d);
        }
        if (countInstance)
        {
            metrics.TaskFinished(run.Definition.Id, taskId, state);
        }
    }

    public void TaskExpanded(string runId, string taskId, int count)
    {
        if (_runs.TryGetValue(runId, out var run))
        {
            lock (run.Gate)
            {
                run.Expand(taskId, count, time.GetUtcNow());
            }
        }
    }

    public void RunFinished(RunOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        metrics.RunFinished(outcome.PipelineId, outcome.State);
    }
}
