using Sluice.Definition;
using Sluice.State;

namespace Sluice.Server.Runs;

/// <summary>In-memory state of one run this server is executing, fed by executor events. Guarded by its own lock.</summary>
internal sealed class LiveRun(string runId, PipelineDefinition definition)
{
    private readonly Dictionary<string, LiveTask> _tasks = new(StringComparer.Ordinal);

    public string RunId { get; } = runId;
    public PipelineDefinition Definition { get; } = definition;
    public object Gate { get; } = new();
    public bool Started { get; set; }

    /// <summary>Task instances (items included) running in this run now.</summary>
    public int Running { get; private set; }

    public LiveTask? Find(string taskId) => _tasks.GetValueOrDefault(taskId);

    /// <summary>Applies a state change; returns the attempt's duration when an attempt ended, else null.</summary>
    public TimeSpan? Apply(string taskId, int mapIndex, TaskState state, int attempt, string? error, DateTimeOffset now, long ticks, TimeProvider time)
    {
        if (!_tasks.TryGetValue(taskId, out var task))
        {
            _tasks[taskId] = task = new LiveTask();
        }
        TimeSpan? ended = null;
        if (mapIndex >= 0)
        {
            task.ItemStartTicks ??= [];
            if (state == TaskState.Running)
            {
                task.RunningItems++;
                CountRunning(+1);
                task.ItemStartTicks[mapIndex] = ticks;
            }
            else if (task.ItemStartTicks.Remove(mapIndex, out var started))
            {
                task.RunningItems--;
                CountRunning(-1);
                ended = time.GetElapsedTime(started, ticks);
            }
            task.ItemsSucceeded += state == TaskState.Succeeded ? 1 : 0;
            task.ItemsFailed += state == TaskState.Failed ? 1 : 0;
            return ended;
        }
        if (task.State == TaskState.Running && task.ItemCount is null && state != TaskState.Running)
        {
            CountRunning(-1);
            ended = time.GetElapsedTime(task.AttemptStartTicks, ticks);
        }
        if (state == TaskState.Running)
        {
            CountRunning(+1);
            task.AttemptStartTicks = ticks;
            task.StartedAt = now;
        }
        task.State = state;
        task.Attempt = Math.Max(task.Attempt, attempt);
        task.Error = error ?? (state == TaskState.Running ? null : task.Error);
        task.EndedAt = state.IsFinal() ? now : null;
        return ended;
    }

    public void Expand(string taskId, int count, DateTimeOffset now)
    {
        if (!_tasks.TryGetValue(taskId, out var task))
        {
            _tasks[taskId] = task = new LiveTask();
        }
        task.ItemCount = count;
        task.State = TaskState.Running;
        task.StartedAt ??= now;
    }

    private void CountRunning(int delta) => Running += delta;
}
