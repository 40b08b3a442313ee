using Sluice.Tests.Testing;

namespace Sluice.Tests.Execution.Semantics;

/// <summary>A run executing in a child <c>sluice</c> process (<c>run</c>, or a <c>worker</c>) that the test kills.</summary>
public sealed class CrashableRun(string runId, SluiceProcess process) : IDisposable
{
    public string RunId { get; } = runId;

    public SluiceProcess Process { get; } = process;

    /// <summary>SIGKILL: no handler runs, nothing is flushed or handed back.</summary>
    public async Task KillAsync()
    {
        Process.Signal("KILL");
        await Process.WaitForExitAsync();
    }

    public void Dispose() => Process.Dispose();
}
