using Sluice.Definition;

namespace Sluice.Execution;

/// <summary>Delay before a retry: exponential (or linear/constant) growth, capped, with full jitter.</summary>
public static class BackoffCalculator
{
    /// <summary>
    /// The delay before retry number <paramref name="retry"/> (1 for the first retry): a uniformly random
    /// value in [0, min(cap, base · growth)] ("full jitter", which spreads retries of many failed tasks).
    /// Constant backoff has no jitter.
    /// </summary>
    public static TimeSpan Delay(TaskPolicy policy, int retry, Random jitter)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(jitter);
        var baseDelay = policy.RetryDelay ?? TaskPolicy.BuiltIn.RetryDelay!.Value;
        var cap = policy.MaxRetryDelay ?? TaskPolicy.BuiltIn.MaxRetryDelay!.Value;
        var kind = policy.Backoff ?? BackoffKind.Exponential;
        if (kind == BackoffKind.Constant)
        {
            return baseDelay < cap ? baseDelay : cap;
        }
        var factor = kind == BackoffKind.Linear ? retry : Math.Pow(2, Math.Min(retry - 1, 62));
        var ceiling = Math.Min(cap.Ticks, baseDelay.Ticks * factor);
        return TimeSpan.FromTicks((long)(jitter.NextDouble() * ceiling));
    }
}
