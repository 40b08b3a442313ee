namespace Sluice.Server.Alerts;

/// <summary>How alerts are delivered to the webhooks of <see cref="ServerOptions.AlertWebhooks"/>.</summary>
public sealed record AlertDeliveryOptions
{
    /// <summary>Attempts per alert and webhook, the first included. The default is 4.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>The delay before the first retry; it doubles after each failure. The default is 1 second.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The cap on one retry delay. The default is 30 seconds.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one request may take before it counts as failed. The default is 10 seconds.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Alerts waiting for delivery; when full the oldest is dropped (and counted). The default is 1000.</summary>
    public int QueueCapacity { get; init; } = 1000;

    /// <summary>
    /// The server's address as users reach it (<c>--public-url</c>, such as <c>https://sluice.example.com/</c>); alerts then
    /// carry an absolute link to their run (<c>run_url</c>, and in <c>text</c>). Null leaves only the relative <c>run_path</c>.
    /// </summary>
    public Uri? PublicUrl { get; init; }

    /// <summary>Every problem with the settings (empty when valid).</summary>
    public IEnumerable<string> Validate()
    {
        if (PublicUrl is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https")))
        {
            yield return $"the public URL '{url}' is not an absolute http:// or https:// URL";
        }
        if (MaxAttempts < 1)
        {
            yield return $"alert delivery attempts must be at least 1, was {MaxAttempts}";
        }
        if (QueueCapacity < 1)
        {
            yield return $"the alert queue capacity must be at least 1, was {QueueCapacity}";
        }
        if (Timeout <= TimeSpan.Zero)
        {
            yield return $"the alert request timeout must be more than zero, was {Timeout}";
        }
        if (RetryDelay < TimeSpan.Zero || MaxRetryDelay < RetryDelay)
        {
            yield return $"alert retry delays must satisfy 0 <= delay <= max delay, were {RetryDelay} and {MaxRetryDelay}";
        }
    }
}
