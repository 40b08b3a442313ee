using Sluice.State;

namespace Sluice.Server.Api.Models;

/// <summary>What an attempt used: CPU seconds, peak working set and bytes read and written (docs/execution.md says how exact each is).</summary>
internal sealed record ResourceUsageDto(double CpuSeconds, long PeakMemoryBytes, long BytesRead, long BytesWritten)
{
    public static ResourceUsageDto From(ResourceUsage u) => new(u.CpuTime.TotalSeconds, u.PeakMemoryBytes, u.BytesRead, u.BytesWritten);
}
