namespace Sluice.Shared;

/// <summary>Whether a process of this machine is gone: how stale leases and a killed writer's leftovers are recognised.</summary>
/// <remarks>Shared source, compiled into Sluice and Sluice.Data: neither project references the other.</remarks>
internal static class LocalProcess
{
    /// <summary>True when no process <paramref name="pid"/> runs on this machine any more.</summary>
    public static bool IsGone(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return true;
        }
    }
}
