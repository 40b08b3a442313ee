namespace Sluice.Server.Runs;

/// <summary>The outcome of a cancel or resume request.</summary>
public enum RunCommandResult
{
    /// <summary>Done (cancellation requested, or the run queued for resumption).</summary>
    Accepted,
    /// <summary>No such run.</summary>
    NotFound,
    /// <summary>The run's state does not allow it (already finished, already running, held by another process).</summary>
    Conflict,
}
