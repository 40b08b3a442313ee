namespace Sluice.State;

/// <summary>
/// What one task attempt used of the machine, measured by the process that ran it (docs/execution.md, "Resource usage",
/// says how exact each number is): CPU time of the process and of the child processes it waited for while the attempt
/// ran, the peak working set of the process (or of a child, when larger) over the attempt, and the bytes read and written
/// through system calls by the process and the bytes its children read and wrote to storage.
/// </summary>
/// <param name="CpuTime">User and system CPU time.</param>
/// <param name="PeakMemoryBytes">Peak working set (resident memory), in bytes.</param>
/// <param name="BytesRead">Bytes read.</param>
/// <param name="BytesWritten">Bytes written.</param>
public sealed record ResourceUsage(TimeSpan CpuTime, long PeakMemoryBytes, long BytesRead, long BytesWritten)
{
    /// <summary>
    /// The usage of several attempts (a task's retries, a mapped task's items) as one: CPU time and bytes summed, the
    /// highest peak. Null when none was measured.
    /// </summary>
    public static ResourceUsage? Total(IEnumerable<ResourceUsage?> usages)
    {
        ArgumentNullException.ThrowIfNull(usages);
        ResourceUsage? total = null;
        foreach (var u in usages)
        {
            if (u is not null)
            {
                total = total is null ? u : new ResourceUsage(total.CpuTime + u.CpuTime, Math.Max(total.PeakMemoryBytes, u.PeakMemoryBytes),
                    total.BytesRead + u.BytesRead, total.BytesWritten + u.BytesWritten);
            }
        }
        return total;
    }
}
