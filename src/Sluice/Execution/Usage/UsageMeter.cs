using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Sluice.State;

namespace Sluice.Execution.Usage;

/// <summary>
/// Measures one attempt's <see cref="ResourceUsage"/> as differences of process counters between its start and end.
/// .NET cannot attribute CPU or I/O to one async operation (its continuations share pool threads with every other
/// attempt), so the numbers are the process's own while the attempt ran: exact for an attempt that runs alone, and
/// including the work of attempts that overlap it otherwise. Child processes (a <c>shell</c> task) are counted from the
/// kernel's totals of the children the process waited for (<c>getrusage(RUSAGE_CHILDREN)</c>), which include the
/// children of overlapping attempts the same way.
/// </summary>
internal sealed partial class UsageMeter
{
    private static readonly ConcurrentDictionary<UsageMeter, byte> Active = new();
    private static readonly ProcFile IoFile = new("/proc/self/io");
    private static readonly ProcFile StatmFile = new("/proc/self/statm");

    // One sampler for the process, made by the first attempt and kept: a tick with no attempt running costs nothing,
    // while making and disposing a timer around every attempt cost more than a short task does.
    private static readonly Lazy<Timer> Sampler = new(static () => new Timer(static _ => Sample(), null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100)));

    // How old a reading of /proc an attempt may start from. The items of one claim start together; one reading serves
    // them all, and what it adds (the process's I/O in that millisecond before the start) is of the kind the numbers
    // already hold for overlapping attempts. An attempt's end is always read afresh.
    private static readonly long Fresh = Stopwatch.Frequency / 1000;
    private static Reading? _last;

    private readonly TimeSpan _cpu;
    private readonly Counters _children;
    private readonly (long Read, long Written) _io;
    private long _peak;

    private UsageMeter()
    {
        _cpu = Environment.CpuUsage.TotalTime;
        _children = Children();
        var start = Recent();
        _io = (start.Read, start.Written);
        _peak = start.WorkingSet;
    }

    /// <summary>Starts measuring; the working set is sampled every 100 ms while the attempt runs.</summary>
    public static UsageMeter Start()
    {
        var meter = new UsageMeter();
        Active[meter] = 0;
        _ = Sampler.Value;
        return meter;
    }

    /// <summary>Stops measuring and returns what the attempt used.</summary>
    public ResourceUsage Stop()
    {
        Active.TryRemove(this, out _);
        var end = Take();
        Raise(end.WorkingSet);
        var children = Children();
        var io = (end.Read, end.Written);
        var cpu = Environment.CpuUsage.TotalTime - _cpu + (children.Cpu - _children.Cpu);
        // The kernel keeps only the largest child's peak: it tells this attempt's child apart only when it set a new one.
        var peak = Math.Max(Volatile.Read(ref _peak), children.MaxRss > _children.MaxRss ? children.MaxRss : 0);
        return new ResourceUsage(cpu < TimeSpan.Zero ? TimeSpan.Zero : cpu, peak,
            Math.Max(0, io.Read - _io.Read) + Math.Max(0, children.Read - _children.Read),
            Math.Max(0, io.Written - _io.Written) + Math.Max(0, children.Written - _children.Written));
    }

    private static void Sample()
    {
        var workingSet = WorkingSet();
        foreach (var meter in Active.Keys)
        {
            meter.Raise(workingSet);
        }
    }

    private void Raise(long workingSet)
    {
        var seen = Volatile.Read(ref _peak);
        while (workingSet > seen)
        {
            var was = Interlocked.CompareExchange(ref _peak, workingSet, seen);
            if (was == seen)
            {
                return;
            }
            seen = was;
        }
    }

    /// <summary>Reads the process's I/O counters and working set now, and keeps the reading for attempts starting next.</summary>
    private static Reading Take()
    {
        var at = Stopwatch.GetTimestamp();
        var (read, written) = ProcessIo();
        var reading = new Reading(at, read, written, WorkingSet());
        Volatile.Write(ref _last, reading);
        return reading;
    }

    /// <summary>The last reading when it is under a millisecond old (taken before now, so never ahead of the start), else a new one.</summary>
    private static Reading Recent() =>
        Volatile.Read(ref _last) is { } last && Stopwatch.GetTimestamp() - last.At < Fresh ? last : Take();

    private sealed record Reading(long At, long Read, long Written, long WorkingSet);

    /// <summary>Bytes through read/write system calls (<c>rchar</c>/<c>wchar</c> of /proc/self/io); zeros where there is no /proc.</summary>
    private static (long Read, long Written) ProcessIo()
    {
        Span<byte> text = stackalloc byte[512];
        var n = IoFile.Read(text);
        if (n <= 0)
        {
            return (0, 0);
        }
        text = text[..n];
        return (ProcFile.Field(text, "rchar:"u8), ProcFile.Field(text, "wchar:"u8));
    }

    /// <summary>
    /// The process's resident set, as <see cref="Environment.WorkingSet"/> reports it (VmRSS), read from /proc/self/statm:
    /// on Linux <see cref="Environment.WorkingSet"/> makes a <c>Process</c> through reflection and parses /proc/self/status,
    /// which cost more than a no-op task does, twice per attempt.
    /// </summary>
    private static long WorkingSet()
    {
        Span<byte> text = stackalloc byte[128];
        var n = StatmFile.Read(text);
        if (n <= 0)
        {
            return Environment.WorkingSet;
        }
        // "size resident shared text lib data dt", in pages.
        var fields = text[..n];
        var space = fields.IndexOf((byte)' ');
        return space < 0 ? Environment.WorkingSet : ProcFile.Number(fields[(space + 1)..]) * Environment.SystemPageSize;
    }

    private static Counters Children()
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) || GetRUsage(RusageChildren, out var u) != 0)
        {
            return default;
        }
        var cpu = TimeSpan.FromSeconds(u.UserSec + u.SysSec) + TimeSpan.FromMicroseconds(u.UserUsec + u.SysUsec);
        // Linux counts maxrss in KiB, macOS in bytes; blocks are 512 bytes on both.
        var maxRss = OperatingSystem.IsLinux() ? u.MaxRss * 1024 : u.MaxRss;
        return new Counters(cpu, maxRss, u.InBlock * 512, u.OuBlock * 512);
    }

    private const int RusageChildren = -1;

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRUsage(int who, out RUsage usage);

    private readonly record struct Counters(TimeSpan Cpu, long MaxRss, long Read, long Written);

    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSec;
        public long UserUsec;
        public long SysSec;
        public long SysUsec;
        public long MaxRss;
        public long IxRss;
        public long IdRss;
        public long IsRss;
        public long MinFlt;
        public long MajFlt;
        public long NSwap;
        public long InBlock;
        public long OuBlock;
        public long MsgSnd;
        public long MsgRcv;
        public long NSignals;
        public long NvCsw;
        public long NivCsw;
    }
}
