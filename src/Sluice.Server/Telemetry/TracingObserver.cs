using System.Collections.Concurrent;
using System.Diagnostics;
using Sluice.Execution;
using Sluice.State;

namespace Sluice.Server.Telemetry;

/// <summary>
/// Turns executor events into spans of <see cref="SluiceTelemetry.Source"/>: a root span per run execution
/// and a child span per task attempt. Costs nothing when nobody listens (no listener, no activity).
/// </summary>
/// <remarks>
/// Events arrive on the run's coordinator, so spans are started and stopped there; <see cref="Activity.Current"/>
/// is restored after each, since a span left current would become the parent of unrelated work.
/// </remarks>
internal sealed class TracingObserver(TimeProvider time) : IRunObserver
{
    private readonly ConcurrentDictionary<string, RunSpans> _runs = new(StringComparer.Ordinal);

    public void RunStarted(string runId, string pipelineId, int taskCount)
    {
        if (!SluiceTelemetry.Source.HasListeners())
        {
            return;
        }
        var previous = Activity.Current;
        Activity.Current = null;
        var run = SluiceTelemetry.Source.CreateActivity("run " + pipelineId, ActivityKind.Internal);
        if (run is null)
        {
            Activity.Current = previous;
            return;
        }
        run.SetTag(SluiceTelemetry.Pipeline, pipelineId).SetTag(SluiceTelemetry.RunId, runId).SetStartTime(time.GetUtcNow().UtcDateTime).Start();
        Activity.Current = previous;
        if (_runs.TryRemove(runId, out var stale))
        {
            stale.StopAll(time.GetUtcNow(), "cancelled");
        }
        _runs[runId] = new RunSpans(run, pipelineId);
    }

    public void TaskChanged(string runId, string taskId, int mapIndex, TaskState state, int attempt, string? message)
    {
        if (!_runs.TryGetValue(runId, out var run))
        {
            return;
        }
        var key = (taskId, mapIndex);
        if (run.Tasks.TryRemove(key, out var open))
        {
            Stop(open, state, message, time.GetUtcNow());
        }
        if (state != TaskState.Running)
        {
            return;
        }
        // Items hang under their mapped task's span when it has one, else under the run.
        var parent = mapIndex >= 0 && run.Tasks.TryGetValue((taskId, -1), out var mapped) ? mapped : run.Run;
        var previous = Activity.Current;
        var span = SluiceTelemetry.Source.CreateActivity("task " + taskId, ActivityKind.Internal, parent.Context);
        if (span is not null)
        {
            span.SetTag(SluiceTelemetry.Pipeline, run.PipelineId).SetTag(SluiceTelemetry.RunId, runId).SetTag(SluiceTelemetry.TaskId, taskId)
                .SetTag(SluiceTelemetry.MapIndex, mapIndex).SetTag(SluiceTelemetry.Attempt, attempt)
                .SetStartTime(time.GetUtcNow().UtcDateTime).Start();
            run.Tasks[key] = span;
        }
        Activity.Current = previous;
    }

    public void TaskExpanded(string runId, string taskId, int count)
    {
        if (_runs.TryGetValue(runId, out var run) && run.Tasks.TryGetValue((taskId, -1), out var span))
        {
            span.SetTag("sluice.items", count);
        }
    }

    public void RunFinished(RunOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (!_runs.TryRemove(outcome.RunId, out var run))
        {
            return;
        }
        var now = time.GetUtcNow();
        run.StopAll(now, "cancelled");
        Stop(run.Run, outcome.State.ToName(), outcome.State == RunState.Failed, outcome.Error, now);
    }

    private static void Stop(Activity span, TaskState state, string? error, DateTimeOffset now) =>
        Stop(span, state.ToName(), state is TaskState.Failed or TaskState.UpForRetry, error, now);

    private static void Stop(Activity span, string state, bool failed, string? error, DateTimeOffset now)
    {
        span.SetTag(SluiceTelemetry.State, state);
        if (failed)
        {
            span.SetTag(SluiceTelemetry.Error, error);
            span.SetStatus(ActivityStatusCode.Error, error);
        }
        else
        {
            span.SetStatus(ActivityStatusCode.Ok);
        }
        var previous = Activity.Current;
        span.SetEndTime(now.UtcDateTime);
        span.Stop();
        Activity.Current = previous;
    }

    private sealed class RunSpans(Activity run, string pipelineId)
    {
        public Activity Run { get; } = run;
        public string PipelineId { get; } = pipelineId;
        public ConcurrentDictionary<(string TaskId, int MapIndex), Activity> Tasks { get; } = new();

        public void StopAll(DateTimeOffset now, string state)
        {
            // Items first, so a mapped task's span never ends before its children.
            foreach (var (key, span) in Tasks.OrderByDescending(static p => p.Key.MapIndex))
            {
                Tasks.TryRemove(key, out _);
                Stop(span, state, false, null, now);
            }
        }
    }
}
