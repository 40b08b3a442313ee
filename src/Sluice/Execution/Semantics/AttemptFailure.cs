namespace Sluice.Execution.Semantics;

/// <summary>A failed (or stopped) attempt as the engines record it: a value, never an exception.</summary>
/// <param name="End">Failed, cancelled or abandoned.</param>
/// <param name="Error">The message recorded with the attempt (before secret redaction).</param>
/// <param name="Transient">True when retrying may help; only transient failures are retried.</param>
/// <param name="FailsRun">True when the task asked to fail the whole run (<c>on_fail: fail_run</c>): the run stops and fails.</param>
/// <param name="Facts">What <c>retry_on</c>/<c>no_retry_on</c> can name (exit code, HTTP status, error classes); null when nothing is known.</param>
internal readonly record struct AttemptFailure(AttemptEnd End, string Error, bool Transient, bool FailsRun, Definition.FailureFacts? Facts = null);
