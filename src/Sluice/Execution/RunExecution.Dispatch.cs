using Sluice.State;

namespace Sluice.Execution;

internal sealed partial class RunExecution
{
    private void Enqueue(TaskNode node)
    {
        if (!node.Dispatchable)
        {
            node.Dispatchable = true;
            _ready.Enqueue(node, (-node.Definition.Priority, node.Index));
        }
    }

    /// <summary>Starts attempts while there are free slots: highest priority first, then declaration order.</summary>
    private void Dispatch()
    {
        var max = MaxParallel;
        while (_running < max && _ready.TryPeek(out var node, out _))
        {
            if (!HasWork(node))
            {
                // Nothing to hand out now; the node is re-queued when an item retries or frees a worker slot.
                _ready.Dequeue();
                node.Dispatchable = false;
                continue;
            }
            if (_options.GlobalSlots is { } slots && !TryTakeGlobalSlot(slots))
            {
                return;
            }
            if (node.Definition.Pool is { } pool && !TryTakePool(pool, node))
            {
                _options.GlobalSlots?.Release();
                _ready.Dequeue();
                node.Dispatchable = false;
                continue;
            }
            if (!node.IsMapped)
            {
                _ready.Dequeue();
                node.Dispatchable = false;
                StartAttempt(node, -1);
                continue;
            }
            var item = node.RetryReady.Count > 0 ? node.RetryReady.Dequeue() : NextFreshItem(node);
            StartAttempt(node, item);
        }
    }

    private static bool HasWork(TaskNode node)
    {
        if (!node.IsMapped)
        {
            return node.State == TaskState.Queued;
        }
        if (node.State != TaskState.Running || node.ItemsRunning >= node.MaxWorkers)
        {
            return false;
        }
        if (node.RetryReady.Count > 0)
        {
            return true;
        }
        SkipFinishedItems(node);
        return node.NextItem < node.Items!.Count;
    }

    /// <summary>On resume, items already succeeded are passed over.</summary>
    private static void SkipFinishedItems(TaskNode node)
    {
        var states = node.ItemStates!;
        while (node.NextItem < states.Length && states[node.NextItem] != (byte)TaskState.Pending)
        {
            node.NextItem++;
        }
    }

    private static int NextFreshItem(TaskNode node) => node.NextItem++;

    private bool TryTakeGlobalSlot(TaskSlots slots)
    {
        if (_waitingForSlot)
        {
            return false;
        }
        if (slots.TryAcquire(() => Post(new Signal { Kind = SignalKind.SlotFreed })))
        {
            return true;
        }
        _waitingForSlot = true;
        return false;
    }

    /// <summary>
    /// Takes a slot of the node's pool, shared with the other runs of these options (a server's); when the pool is full the
    /// node waits here until a slot frees anywhere, and the wake-up comes back as a signal.
    /// </summary>
    private bool TryTakePool(string pool, TaskNode node)
    {
        if (_options.Pools.TryAcquire(pool, () => Post(new Signal { Kind = SignalKind.PoolFreed, Pool = pool })))
        {
            return true;
        }
        if (!_poolWaiters.TryGetValue(pool, out var waiters))
        {
            _poolWaiters[pool] = waiters = [];
        }
        if (!waiters.Contains(node))
        {
            waiters.Add(node);
        }
        return false;
    }

    private void ReleasePool(TaskNode node)
    {
        if (node.Definition.Pool is { } pool)
        {
            _options.Pools.Release(pool);
        }
    }

    private void OnPoolFreed(string pool)
    {
        if (_poolWaiters.TryGetValue(pool, out var waiters))
        {
            foreach (var w in waiters)
            {
                Enqueue(w);
            }
            waiters.Clear();
        }
    }
}
