using System.Globalization;

namespace Sluice.Execution.Leases;

/// <summary>Identity of this process as a lease owner: <c>host:pid:nonce</c>.</summary>
public static class LocalWorkerId
{
    /// <summary>This process's id, fixed for its lifetime.</summary>
    public static string Value { get; } = string.Create(CultureInfo.InvariantCulture,
        $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}");

    /// <summary>
    /// True when <paramref name="owner"/> names a process on this host that no longer exists:
    /// its lease can be taken at once instead of waiting for expiry.
    /// </summary>
    public static bool IsDeadLocalOwner(string? owner)
    {
        if (owner is null)
        {
            return false;
        }
        var parts = owner.Split(':');
        if (parts.Length != 3 || parts[0] != Environment.MachineName || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }
        if (pid == Environment.ProcessId)
        {
            return owner != Value;
        }
        return Shared.LocalProcess.IsGone(pid);
    }
}
