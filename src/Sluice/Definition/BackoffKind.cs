namespace Sluice.Definition;

/// <summary>How the delay between retries grows.</summary>
public enum BackoffKind
{
    /// <summary>Every retry waits <c>retry_delay</c>.</summary>
    Constant,
    /// <summary>Retry n waits up to <c>retry_delay · 2^(n-1)</c>, capped by <c>max_retry_delay</c>, with full jitter.</summary>
    Exponential,
    /// <summary>Retry n waits up to <c>retry_delay · n</c>, capped by <c>max_retry_delay</c>, with full jitter.</summary>
    Linear,
}
