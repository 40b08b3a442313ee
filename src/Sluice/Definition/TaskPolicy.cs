namespace Sluice.Definition;

/// <summary>Retry and timeout settings; on a task, null members fall back to the pipeline's <c>defaults</c>.</summary>
/// <param name="Retries">Retries after the first attempt. The default is 0.</param>
/// <param name="RetryDelay">The base delay. The default is 5 seconds.</param>
/// <param name="Backoff">The growth of the delay. The default is exponential.</param>
/// <param name="MaxRetryDelay">The cap on one delay. The default is 5 minutes.</param>
/// <param name="Timeout">The limit on one attempt; null means none.</param>
/// <param name="RetryOn">When set, only failures it names are retried (also ones Sluice counts as permanent).</param>
/// <param name="NoRetryOn">Failures it names are never retried; it wins over <paramref name="RetryOn"/>.</param>
/// <param name="RateLimit">How often attempts may start, per host, action or named key.</param>
/// <param name="Breaker">When attempts stop being tried after repeated failures, per host, action or named key.</param>
public sealed record TaskPolicy(
    int? Retries = null,
    TimeSpan? RetryDelay = null,
    BackoffKind? Backoff = null,
    TimeSpan? MaxRetryDelay = null,
    TimeSpan? Timeout = null,
    RetryRule? RetryOn = null,
    RetryRule? NoRetryOn = null,
    RateLimitSettings? RateLimit = null,
    BreakerSettings? Breaker = null)
{
    /// <summary>
    /// Whether a failure may be retried under this policy's rules: <see cref="NoRetryOn"/> refuses, else
    /// <see cref="RetryOn"/> decides when set, else Sluice's own classification (<paramref name="transient"/>).
    /// </summary>
    public bool Retryable(bool transient, FailureFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (NoRetryOn?.Matches(facts) == true)
        {
            return false;
        }
        return RetryOn is { } only ? only.Matches(facts) : transient;
    }

    /// <summary>The policy when nothing is set anywhere.</summary>
    public static TaskPolicy BuiltIn { get; } = new(0, TimeSpan.FromSeconds(5), BackoffKind.Exponential, TimeSpan.FromMinutes(5), null);

    /// <summary>Members of this policy, falling back to <paramref name="fallback"/> where unset.</summary>
    public TaskPolicy Over(TaskPolicy fallback) => new(
        Retries ?? fallback.Retries,
        RetryDelay ?? fallback.RetryDelay,
        Backoff ?? fallback.Backoff,
        MaxRetryDelay ?? fallback.MaxRetryDelay,
        Timeout ?? fallback.Timeout,
        RetryOn ?? fallback.RetryOn,
        NoRetryOn ?? fallback.NoRetryOn,
        RateLimit ?? fallback.RateLimit,
        Breaker ?? fallback.Breaker);
}
