namespace Sluice.Execution;

/// <summary>
/// The limits of named pools (<c>pool:</c> on a task) and the slots in use, shared by every run executed with the same
/// <see cref="ExecutorOptions"/>: all runs of a <c>sluice serve</c> count against one <c>pool: db</c>, not one each. A run
/// that finds its pool full registers a wake-up and is called back when a slot of that pool frees. Pools without a limit
/// are unlimited. Thread-safe. (Workers on a shared store limit pools in the store instead: <c>WorkerOptions.PoolLimits</c>.)
/// </summary>
public sealed class PoolSlots
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _limits;
    private readonly Dictionary<string, int> _used = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Action>> _waiters = new(StringComparer.Ordinal);

    /// <summary>Creates the slots of <paramref name="limits"/> (pool name → task instances at once).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is below 1.</exception>
    public PoolSlots(IReadOnlyDictionary<string, int> limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = new Dictionary<string, int>(limits, StringComparer.Ordinal);
        foreach (var (_, limit) in _limits)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1, nameof(limits));
        }
    }

    /// <summary>No limits: every pool is unlimited.</summary>
    public static PoolSlots None => new(new Dictionary<string, int>());

    /// <summary>The limit of each limited pool.</summary>
    public IReadOnlyDictionary<string, int> Limits => _limits;

    /// <summary>Task instances holding a slot of <paramref name="pool"/> now (0 for an unlimited pool).</summary>
    public int InUse(string pool)
    {
        lock (_gate)
        {
            return _used.GetValueOrDefault(pool);
        }
    }

    /// <summary>
    /// Takes a slot of <paramref name="pool"/> (always granted for an unlimited pool), or registers <paramref name="wake"/>
    /// to be called once when a slot of it frees and returns false. A woken caller must try again: every waiter is woken.
    /// </summary>
    public bool TryAcquire(string pool, Action wake)
    {
        ArgumentNullException.ThrowIfNull(wake);
        if (!_limits.TryGetValue(pool, out var limit))
        {
            return true;
        }
        lock (_gate)
        {
            var used = _used.GetValueOrDefault(pool);
            if (used < limit)
            {
                _used[pool] = used + 1;
                return true;
            }
            if (!_waiters.TryGetValue(pool, out var waiters))
            {
                _waiters[pool] = waiters = [];
            }
            waiters.Add(wake);
            return false;
        }
    }

    /// <summary>Frees a slot of <paramref name="pool"/> taken by <see cref="TryAcquire"/> and wakes its waiters.</summary>
    public void Release(string pool)
    {
        if (!_limits.ContainsKey(pool))
        {
            return;
        }
        List<Action>? woken = null;
        lock (_gate)
        {
            _used[pool] = Math.Max(0, _used.GetValueOrDefault(pool) - 1);
            if (_waiters.TryGetValue(pool, out var waiters) && waiters.Count > 0)
            {
                // Every waiting run tries again, not only the first: a run that no longer wants the slot (it ended or
                // was cancelled meanwhile) must not swallow the only wake-up while another run waits on.
                woken = [.. waiters];
                waiters.Clear();
            }
        }
        foreach (var wake in woken ?? [])
        {
            wake();
        }
    }
}
