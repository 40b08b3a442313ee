namespace Sluice.Definition;

/// <summary>
/// A task's <c>circuit_breaker: {failures, reset_after, key}</c>: after <paramref name="Failures"/> failed attempts in a
/// row among the tasks sharing the key, their attempts fail at once (a transient failure, so retries wait and try
/// again) until <paramref name="ResetAfter"/> has passed; then one attempt is let through, and its outcome closes or
/// re-opens the circuit.
/// </summary>
/// <param name="Failures">Failed attempts in a row that open the circuit (at least 1).</param>
/// <param name="ResetAfter">How long the circuit stays open.</param>
/// <param name="Key">As for <see cref="RateLimitSettings.Key"/>.</param>
public sealed record BreakerSettings(int Failures, TimeSpan ResetAfter, string Key);
