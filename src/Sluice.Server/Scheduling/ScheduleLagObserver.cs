using System.Collections.Concurrent;
using Sluice.Execution;
using Sluice.Server.Metrics;
using Sluice.State;

namespace Sluice.Server.Scheduling;

/// <summary>
/// Measures the scheduler lag users feel: from a fire's logical date (the cron or interval instant) to the
/// moment the run's first task starts, so queueing and run start-up count too. Feeds
/// <c>sluice_scheduler_lag_seconds</c>.
/// </summary>
internal sealed class ScheduleLagObserver(ServerMetrics metrics, TimeProvider time) : IRunObserver
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expected = new(StringComparer.Ordinal);

    /// <summary>The run <paramref name="runId"/> was created for a fire at <paramref name="logicalDate"/>.</summary>
    public void Expect(string runId, DateTimeOffset logicalDate) => _expected.TryAdd(runId, logicalDate);

    public void RunStarted(string runId, string pipelineId, int taskCount)
    {
    }

    public void TaskChanged(string runId, string taskId, int mapIndex, TaskState state, int attempt, string? message)
    {
        if (state == TaskState.Running && _expected.TryRemove(runId, out var logicalDate))
        {
            metrics.ScheduleLag(time.GetUtcNow() - logicalDate);
        }
    }

    public void TaskExpanded(string runId, string taskId, int count)
    {
    }

    public void RunFinished(RunOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        // A run that ended without starting a task (cancelled in the queue, all skipped) has no lag to report.
        _expected.TryRemove(outcome.RunId, out _);
    }
}
