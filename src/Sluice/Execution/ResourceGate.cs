using System.Globalization;
using Sluice.Actions;

namespace Sluice.Execution;

/// <summary>
/// The cores and memory of the machine, shared by every attempt this process runs (embedded runs, a server's runs and a
/// worker's claimed items alike). An attempt whose action has an <see cref="ResourceAppetite"/> waits here until the
/// attempts already admitted leave room for it; attempts without one pass straight through. Admission is first come,
/// first served, so a large appetite is not starved by small ones; an appetite larger than the machine runs alone.
/// Thread-safe.
/// </summary>
public sealed class ResourceGate
{
    /// <summary>Heaps at least this large are compacted and handed back when the last data attempt ends.</summary>
    internal const long ReturnMemoryAbove = 512L << 20;

    private readonly Lock _gate = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private double _cores;
    private long _memory;
    private int _admitted;

    /// <summary>Creates a gate over <paramref name="cores"/> cores and <paramref name="memoryBytes"/> bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A capacity is not positive.</exception>
    public ResourceGate(double cores, long memoryBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cores);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(memoryBytes);
        Cores = cores;
        MemoryBytes = memoryBytes;
    }

    /// <summary>The gate of this machine: its processor count and the memory .NET sees as available.</summary>
    public static ResourceGate Machine { get; } = new(Environment.ProcessorCount, Math.Max(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, 1L << 30));

    /// <summary>The cores shared out.</summary>
    public double Cores { get; }

    /// <summary>The memory shared out, in bytes.</summary>
    public long MemoryBytes { get; }

    /// <summary>Attempts admitted and not yet released.</summary>
    public int Admitted
    {
        get
        {
            lock (_gate)
            {
                return _admitted;
            }
        }
    }

    /// <summary>
    /// Waits until <paramref name="appetite"/> fits, then holds it until the returned lease is disposed.
    /// <paramref name="waiting"/> is called once, before waiting, with a sentence for the task log.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired while waiting.</exception>
    public async ValueTask<IDisposable> AcquireAsync(ResourceAppetite appetite, Action<string>? waiting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(appetite);
        if (appetite.IsNone)
        {
            return Lease.Empty;
        }

        Waiter waiter;
        string message;
        lock (_gate)
        {
            if (_waiters.Count == 0 && Fits(appetite))
            {
                Take(appetite);
                return new Lease(this, appetite);
            }

            waiter = new Waiter(appetite);
            waiter.Node = _waiters.AddLast(waiter);
            message = string.Create(CultureInfo.InvariantCulture,
                $"waiting for room on the machine: this task needs {appetite.Cores:0.#} cores and {appetite.MemoryBytes >> 20} MiB; {_admitted} running data tasks hold {_cores:0.#} of {Cores:0.#} cores and {_memory >> 20} of {MemoryBytes >> 20} MiB");
        }

        waiting?.Invoke(message);
        await using (cancellationToken.Register(static w => ((Waiter)w!).Ready.TrySetCanceled(), waiter).ConfigureAwait(false))
        {
            try
            {
                await waiter.Ready.Task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                lock (_gate)
                {
                    if (waiter.Node?.List is not null)
                    {
                        _waiters.Remove(waiter.Node);
                    }
                    else if (waiter.Admitted)
                    {
                        // Admitted just as the wait was cancelled: give the room back.
                        Give(appetite);
                    }
                }

                Wake();
                throw new OperationCanceledException(cancellationToken);
            }
        }

        return new Lease(this, appetite);
    }

    private bool Fits(ResourceAppetite appetite) =>
        _admitted == 0 || (_cores + appetite.Cores <= Cores + 1e-9 && _memory + appetite.MemoryBytes <= MemoryBytes);

    private void Take(ResourceAppetite appetite)
    {
        _cores += appetite.Cores;
        _memory += appetite.MemoryBytes;
        _admitted++;
    }

    private void Give(ResourceAppetite appetite)
    {
        _cores -= appetite.Cores;
        _memory -= appetite.MemoryBytes;
        _admitted--;
    }

    private void Release(ResourceAppetite appetite)
    {
        bool idle;
        lock (_gate)
        {
            Give(appetite);
            idle = _admitted == 0;
        }

        if (idle && appetite.MemoryBytes > 0)
        {
            ReturnMemory();
        }

        Wake();
    }

    /// <summary>
    /// A data attempt leaves its hash tables and column buffers as garbage the collector would otherwise keep committed
    /// (and a second attempt would grow the heap again before a full collection): with no data attempt running, one
    /// blocking, compacting collection returns that memory to the system, before the next attempt starts.
    /// </summary>
    private static void ReturnMemory()
    {
        if (GC.GetTotalMemory(forceFullCollection: false) >= ReturnMemoryAbove || GC.GetGCMemoryInfo().TotalCommittedBytes >= ReturnMemoryAbove)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
    }

    /// <summary>Admits waiters in order while the first fits; completions run outside the lock.</summary>
    private void Wake()
    {
        List<Waiter>? admitted = null;
        lock (_gate)
        {
            while (_waiters.First is { } first && Fits(first.Value.Appetite))
            {
                _waiters.RemoveFirst();
                first.Value.Node = null;
                first.Value.Admitted = true;
                Take(first.Value.Appetite);
                (admitted ??= []).Add(first.Value);
            }
        }

        foreach (var w in admitted ?? [])
        {
            // False when the wait was cancelled at the same moment: its canceller gives the room back (Admitted is set).
            _ = w.Ready.TrySetResult();
        }
    }

    private sealed class Waiter(ResourceAppetite appetite)
    {
        public ResourceAppetite Appetite { get; } = appetite;

        public TaskCompletionSource Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public bool Admitted { get; set; }
    }

    private sealed class Lease(ResourceGate? gate, ResourceAppetite appetite) : IDisposable
    {
        public static readonly Lease Empty = new(null, ResourceAppetite.None);
        private int _released;

        public void Dispose()
        {
            if (gate is not null && Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release(appetite);
            }
        }
    }
}
