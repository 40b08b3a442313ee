namespace Sluice.Execution.Semantics;

/// <summary>What the engine knows about why an attempt's cancellation token fired.</summary>
/// <param name="Stopped">True when the engine stopped the attempt (run cancel, run failed by another task, worker shutdown).</param>
/// <param name="CancelReason">Why the run is cancelled, or null when the engine stopped without a run cancel (a worker shutting down).</param>
/// <param name="TimedOut">True when the task's own timeout fired.</param>
/// <param name="Timeout">The task's timeout, for the message.</param>
internal readonly record struct AttemptStop(bool Stopped, string? CancelReason, bool TimedOut, TimeSpan? Timeout);
