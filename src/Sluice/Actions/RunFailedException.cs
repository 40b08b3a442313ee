using Sluice.Diagnostics;

namespace Sluice.Actions;

/// <summary>
/// Thrown by an action to fail the whole run, not only its task (a quality gate with <c>on_fail: fail_run</c>):
/// the task fails, running tasks are cancelled, nothing else starts, and the run ends failed. Never retried.
/// </summary>
public sealed class RunFailedException : SluiceException
{
    /// <summary>Creates the error.</summary>
    public RunFailedException(string message) : base(message, false) { }

    /// <summary>Creates the error.</summary>
    public RunFailedException() : this("the task failed the run") { }

    /// <summary>Creates the error.</summary>
    public RunFailedException(string message, Exception inner) : base(message, inner) { }
}
