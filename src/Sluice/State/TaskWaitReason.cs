namespace Sluice.State;

/// <summary>
/// Why a task of a run that has not ended is not running: its upstream, the retry delay, or — what only the process
/// executing the run knows — the slot, pool or rate limit it waits for. One function for the run page, the API and
/// <c>sluice show</c>, so that they say the same thing.
/// </summary>
public static class TaskWaitReason
{
    /// <summary>The reason, or null when the task runs, has ended, or waits for nothing the caller can name.</summary>
    /// <param name="state">The task's state (of the whole task, for a mapped task).</param>
    /// <param name="attempts">Its latest attempt number.</param>
    /// <param name="dependencies">The tasks it depends on.</param>
    /// <param name="stateOf">The state of another task of the run, or null when it has not started (no row).</param>
    /// <param name="itemsWaiting">For a mapped task that is running: none of its items runs and some are left.</param>
    /// <param name="slotReason">
    /// What holds back a task that could start: the executing process's slots, pools and rate limits, or its own words when
    /// it cannot know them (<c>sluice show</c> reads the store alone); null for nothing to say.
    /// </param>
    public static string? For(TaskState state, int attempts, IEnumerable<string> dependencies, Func<string, TaskState?> stateOf, bool itemsWaiting,
        Func<TaskState, string?> slotReason)
    {
        ArgumentNullException.ThrowIfNull(dependencies);
        ArgumentNullException.ThrowIfNull(stateOf);
        ArgumentNullException.ThrowIfNull(slotReason);
        switch (state)
        {
            case TaskState.UpForRetry:
                return $"waiting for the retry delay after attempt {attempts} failed";
            case TaskState.Pending:
                var unfinished = dependencies.Where(d => stateOf(d) is not { } s || !s.IsDone()).ToList();
                return unfinished.Count > 0 ? "waiting for upstream: " + string.Join(", ", unfinished) : slotReason(state);
            case TaskState.Queued:
                return slotReason(state);
            case TaskState.Running when itemsWaiting:
                return slotReason(state);
            default:
                return null;
        }
    }
}
