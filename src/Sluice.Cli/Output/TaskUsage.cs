using System.Globalization;
using Sluice.State;

namespace Sluice.Cli.Output;

/// <summary>Resource usage per task (all its attempts and items) and how <c>show</c> writes it.</summary>
internal static class TaskUsage
{
    public static Dictionary<string, ResourceUsage> ByTask(IReadOnlyList<AttemptRecord> attempts)
    {
        var result = new Dictionary<string, ResourceUsage>(StringComparer.Ordinal);
        foreach (var group in attempts.GroupBy(static a => a.TaskId, StringComparer.Ordinal))
        {
            if (ResourceUsage.Total(group.Select(static a => a.Usage)) is { } total)
            {
                result[group.Key] = total;
            }
        }
        return result;
    }

    /// <summary><c>cpu 1.250 s, peak 212.4 MiB, read 3.1 MiB, written 12.0 KiB</c>.</summary>
    public static string Describe(ResourceUsage u) => string.Create(CultureInfo.InvariantCulture,
        $"cpu {u.CpuTime.TotalSeconds:0.000} s, peak {Bytes(u.PeakMemoryBytes)}, read {Bytes(u.BytesRead)}, written {Bytes(u.BytesWritten)}");

    private static string Bytes(long n) => n switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{n} B"),
        < 1 << 20 => string.Create(CultureInfo.InvariantCulture, $"{n / 1024.0:0.0} KiB"),
        < 1 << 30 => string.Create(CultureInfo.InvariantCulture, $"{n / 1048576.0:0.0} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{n / 1073741824.0:0.00} GiB"),
    };
}
