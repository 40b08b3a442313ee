namespace Sluice.Execution;

/// <summary>
/// A process-wide limit on running task instances, shared by every run an executor (or a server)
/// executes. A run that finds no free slot registers a wake-up and is called back when one frees.
/// Thread-safe.
/// </summary>
public sealed class TaskSlots
{
    private readonly object _gate = new();
    private readonly Queue<Action> _waiters = new();
    private int _used;

    /// <summary>Creates a limit of <paramref name="capacity"/> slots.</summary>
    public TaskSlots(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>The number of slots.</summary>
    public int Capacity { get; }

    /// <summary>Slots in use.</summary>
    public int InUse
    {
        get
        {
            lock (_gate)
            {
                return _used;
            }
        }
    }

    /// <summary>Takes a slot, or registers <paramref name="wake"/> to be called once when one frees and returns false.</summary>
    public bool TryAcquire(Action wake)
    {
        lock (_gate)
        {
            if (_used < Capacity)
            {
                _used++;
                return true;
            }
            _waiters.Enqueue(wake);
            return false;
        }
    }

    /// <summary>Frees a slot and wakes one waiter.</summary>
    public void Release()
    {
        Action? wake;
        lock (_gate)
        {
            _used--;
            _waiters.TryDequeue(out wake);
        }
        wake?.Invoke();
    }
}
