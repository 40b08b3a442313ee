using Microsoft.Extensions.Logging;
using Sluice.Execution;
using Sluice.State;

namespace Sluice.Server.Telemetry;

/// <summary>
/// Writes run and task events to the server log with <c>RunId</c>, <c>Pipeline</c>, <c>TaskId</c>,
/// <c>MapIndex</c>, <c>Attempt</c> and <c>State</c> as separate fields (with <c>--log-format json</c>, one JSON
/// object per line). Failures are warnings, ends of runs information, task successes and mapped items debug.
/// </summary>
internal sealed partial class RunLogObserver(ILogger<RunLogObserver> logger) : IRunObserver
{
    public void RunStarted(string runId, string pipelineId, int taskCount) => LogRunStarted(logger, runId, pipelineId, taskCount);

    public void TaskChanged(string runId, string taskId, int mapIndex, TaskState state, int attempt, string? message)
    {
        var level = state switch
        {
            TaskState.Failed => LogLevel.Warning,
            TaskState.UpForRetry => LogLevel.Information,
            _ when mapIndex < 0 && state.IsFinal() => LogLevel.Debug,
            _ => LogLevel.Trace,
        };
        // Most changes are trace-level: skip naming the state when nothing would be written.
        if (!logger.IsEnabled(level))
        {
            return;
        }
        var name = state.ToName();
        switch (state)
        {
            case TaskState.Failed:
                LogTaskFailed(logger, runId, taskId, mapIndex, attempt, name, message ?? "");
                break;
            case TaskState.UpForRetry:
                LogTaskRetrying(logger, runId, taskId, mapIndex, attempt, name, message ?? "");
                break;
            default:
                if (mapIndex < 0 && state.IsFinal())
                {
                    LogTaskEnded(logger, runId, taskId, mapIndex, attempt, name);
                }
                else
                {
                    LogTaskChanged(logger, runId, taskId, mapIndex, attempt, name);
                }
                break;
        }
    }

    public void TaskExpanded(string runId, string taskId, int count) => LogExpanded(logger, runId, taskId, count);

    public void RunFinished(RunOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var seconds = outcome.Duration.TotalSeconds;
        var state = outcome.State.ToName();
        if (outcome.State == RunState.Failed)
        {
            LogRunFailed(logger, outcome.RunId, outcome.PipelineId, state, seconds, outcome.Error ?? "");
        }
        else
        {
            LogRunEnded(logger, outcome.RunId, outcome.PipelineId, state, seconds);
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Run {RunId} of {Pipeline} started ({TaskCount} tasks)")]
    private static partial void LogRunStarted(ILogger logger, string runId, string pipeline, int taskCount);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Run {RunId} of {Pipeline} ended {State} after {DurationSeconds} s")]
    private static partial void LogRunEnded(ILogger logger, string runId, string pipeline, string state, double durationSeconds);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Run {RunId} of {Pipeline} ended {State} after {DurationSeconds} s: {Error}")]
    private static partial void LogRunFailed(ILogger logger, string runId, string pipeline, string state, double durationSeconds, string error);

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "Task {TaskId} of run {RunId} {State} (item {MapIndex}, attempt {Attempt}): {Error}")]
    private static partial void LogTaskFailed(ILogger logger, string runId, string taskId, int mapIndex, int attempt, string state, string error);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "Task {TaskId} of run {RunId} {State} (item {MapIndex}, attempt {Attempt}): {Error}")]
    private static partial void LogTaskRetrying(ILogger logger, string runId, string taskId, int mapIndex, int attempt, string state, string error);

    [LoggerMessage(EventId = 112, Level = LogLevel.Debug, Message = "Task {TaskId} of run {RunId} {State} (attempt {Attempt}, item {MapIndex})")]
    private static partial void LogTaskEnded(ILogger logger, string runId, string taskId, int mapIndex, int attempt, string state);

    [LoggerMessage(EventId = 113, Level = LogLevel.Trace, Message = "Task {TaskId} of run {RunId} {State} (attempt {Attempt}, item {MapIndex})")]
    private static partial void LogTaskChanged(ILogger logger, string runId, string taskId, int mapIndex, int attempt, string state);

    [LoggerMessage(EventId = 114, Level = LogLevel.Debug, Message = "Task {TaskId} of run {RunId} expanded into {Items} items")]
    private static partial void LogExpanded(ILogger logger, string runId, string taskId, int items);
}
