using System.Runtime;

namespace Sluice.Data.Execution;

/// <summary>
/// A byte limit shared by the operators that must see their whole input (sort, fill with a statistic, outlier flags,
/// dedupe keeping the last row, hash aggregate, hash join). They reserve what they hold in memory; when a reservation
/// is refused they spill batches to files in <see cref="SpillDirectory"/> (aggregate and join by key-hash partition),
/// so memory stays bounded whatever the input size. Thread-safe.
/// </summary>
public sealed partial class MemoryBudget
{
    /// <summary>The environment variable that sets the limit of <see cref="Default"/>.</summary>
    public const string EnvironmentVariable = "SLUICE_MEMORY_LIMIT";

    private static readonly Lock DefaultLock = new();
    private static MemoryBudget? _default;

    private long _reserved;
    private long _peak;
    private long _spilled;
    private readonly Lock _collectLock = new();
    private long _collectAbove;

    /// <summary>Creates a budget.</summary>
    /// <param name="limitBytes">The most bytes that may be reserved at once (0 spills everything).</param>
    /// <param name="spillDirectory">Where spill files go. The default is <see cref="Path.GetTempPath"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The limit is negative.</exception>
    public MemoryBudget(long limitBytes, string? spillDirectory = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limitBytes);
        Limit = limitBytes;
        SpillDirectory = string.IsNullOrEmpty(spillDirectory) ? Path.GetTempPath() : spillDirectory;
    }

    /// <summary>
    /// The process-wide budget: the limit is read once from <c>SLUICE_MEMORY_LIMIT</c> (syntax of <see cref="ParseSize(string, string?)"/>)
    /// and otherwise is 25% of the memory .NET sees as available (<see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>).
    /// </summary>
    /// <exception cref="DataException">The variable is set to something that is not a size.</exception>
    public static MemoryBudget Default
    {
        get
        {
            if (Volatile.Read(ref _default) is { } budget)
            {
                return budget;
            }

            lock (DefaultLock)
            {
                return _default ??= FromEnvironment();
            }
        }
    }

    /// <summary>
    /// Sets the limit of <see cref="Default"/> instead of <c>SLUICE_MEMORY_LIMIT</c> (a host's or the CLI's
    /// <c>--memory-limit</c>). Call it before any operator takes the default.
    /// </summary>
    /// <exception cref="InvalidOperationException">The default is in use already with another limit.</exception>
    public static void ConfigureDefault(long limitBytes)
    {
        lock (DefaultLock)
        {
            if (_default is { } current && current.Limit != limitBytes)
            {
                throw new InvalidOperationException($"The default memory budget is in use already ({FormatSize(current.Limit)}).");
            }

            _default ??= new MemoryBudget(limitBytes);
        }
    }

    /// <summary>A budget that never refuses (nothing spills).</summary>
    public static MemoryBudget Unlimited { get; } = new(long.MaxValue);

    /// <summary>
    /// True (the default) to run a compacting garbage collection while spilling whenever the managed heap has grown by
    /// a quarter of the limit, so the process gives released buffers back instead of growing far past the limit.
    /// </summary>
    public bool CollectOnSpill { get; init; } = true;

    /// <summary>The limit in bytes.</summary>
    public long Limit { get; }

    /// <summary>The folder of spill files.</summary>
    public string SpillDirectory { get; }

    /// <summary>The bytes reserved now.</summary>
    public long Reserved => Volatile.Read(ref _reserved);

    /// <summary>The most bytes reserved at once so far.</summary>
    public long PeakReserved => Volatile.Read(ref _peak);

    /// <summary>The bytes written to spill files so far.</summary>
    public long BytesSpilled => Volatile.Read(ref _spilled);

    /// <summary>Reserves <paramref name="bytes"/> if that keeps the total within the limit.</summary>
    /// <returns>True when reserved (release it later); false when the caller should spill instead.</returns>
    public bool TryReserve(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        var current = Volatile.Read(ref _reserved);
        while (true)
        {
            if (bytes > Limit - current)
            {
                return false;
            }

            var seen = Interlocked.CompareExchange(ref _reserved, current + bytes, current);
            if (seen == current)
            {
                UpdatePeak(current + bytes);
                return true;
            }

            current = seen;
        }
    }

    /// <summary>
    /// Reserves <paramref name="bytes"/> even beyond the limit, for state that cannot spill (the values of an exact
    /// median, distinct keys). Other operators then spill sooner.
    /// </summary>
    public void Reserve(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        UpdatePeak(Interlocked.Add(ref _reserved, bytes));
    }

    /// <summary>Returns bytes reserved earlier.</summary>
    public void Release(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        Interlocked.Add(ref _reserved, -bytes);
    }

    /// <summary>Counts bytes written to a spill file.</summary>
    internal void AddSpilled(long bytes) => Interlocked.Add(ref _spilled, bytes);

    /// <summary>
    /// Called as batches are spilled or read back. Spilling means the process is at its memory limit, yet the GC,
    /// seeing plenty of free machine memory, lets released column buffers (large objects, rarely collected and never
    /// compacted by default) pile up far beyond it. So when the managed heap has grown by more than a quarter of the limit
    /// (at least 32 MiB) since the last such collection, this runs a full, compacting one.
    /// </summary>
    internal void CollectIfBloated()
    {
        if (!CollectOnSpill || GC.GetTotalMemory(false) < Volatile.Read(ref _collectAbove))
        {
            return;
        }

        lock (_collectLock)
        {
            if (GC.GetTotalMemory(false) < _collectAbove)
            {
                return;
            }

            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            Volatile.Write(ref _collectAbove, GC.GetTotalMemory(false) + Math.Clamp(Limit / 4, 32L << 20, 1L << 30));
        }
    }

    private void UpdatePeak(long total)
    {
        var peak = Volatile.Read(ref _peak);
        while (total > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peak, total, peak);
            if (seen == peak)
            {
                return;
            }

            peak = seen;
        }
    }

    private static MemoryBudget FromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new MemoryBudget(AvailableMemory() / 4);
        }

        try
        {
            return new MemoryBudget(ParseSize(text, EnvironmentVariable));
        }
        catch (FormatException ex)
        {
            throw new DataException(ex.Message, ex);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"limit {FormatSize(Limit)}, reserved {FormatSize(Reserved)}, peak {FormatSize(PeakReserved)}, spilled {FormatSize(BytesSpilled)}";
}
