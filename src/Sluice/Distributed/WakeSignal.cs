namespace Sluice.Distributed;

/// <summary>An auto-reset signal for one waiter at a time: <see cref="Set"/> completes the current (or next) wait.</summary>
internal sealed class WakeSignal
{
    private readonly object _gate = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _set;

    public void Set()
    {
        TaskCompletionSource toComplete;
        lock (_gate)
        {
            _set = true;
            toComplete = _next;
        }
        toComplete.TrySetResult();
    }

    /// <summary>A task that completes at the next <see cref="Set"/> (at once if one happened since the last wait).</summary>
    public Task WaitAsync()
    {
        lock (_gate)
        {
            if (_set)
            {
                _set = false;
                if (_next.Task.IsCompleted)
                {
                    _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                return Task.CompletedTask;
            }
            if (_next.Task.IsCompleted)
            {
                _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            return _next.Task;
        }
    }
}
