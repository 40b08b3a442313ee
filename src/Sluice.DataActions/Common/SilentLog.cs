using Sluice.Actions;

namespace Sluice.DataActions.Common;

/// <summary>A log that drops its lines: for load-time peeks at data, where there is no task log yet.</summary>
internal sealed class SilentLog : ITaskLog
{
    public static SilentLog Instance { get; } = new();

    public void Write(string stream, string line)
    {
    }
}
