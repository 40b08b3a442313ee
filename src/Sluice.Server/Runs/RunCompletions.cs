using System.Collections.Concurrent;

namespace Sluice.Server.Runs;

/// <summary>
/// Lets a caller wait until this server is done with a run: it finished, failed, was cancelled, or could
/// not be executed. Used by catch-up schedules to bound how many of their runs are in flight at once.
/// </summary>
internal sealed class RunCompletions
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiters = new(StringComparer.Ordinal);

    /// <summary>Starts watching <paramref name="runId"/>; call before the run can start so its end is not missed.</summary>
    public Task Watch(string runId) =>
        _waiters.GetOrAdd(runId, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>True while someone waits for <paramref name="runId"/> to end.</summary>
    public bool IsWatched(string runId) => _waiters.ContainsKey(runId);

    /// <summary>Stops watching a run that turned out to be over already.</summary>
    public void Forget(string runId)
    {
        if (_waiters.TryRemove(runId, out var waiter))
        {
            waiter.TrySetResult();
        }
    }

    /// <summary>The host is done with <paramref name="runId"/>: wakes its watchers.</summary>
    public void Ended(string runId) => Forget(runId);
}
