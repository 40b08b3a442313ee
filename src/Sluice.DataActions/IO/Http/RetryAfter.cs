using System.Globalization;

namespace Sluice.DataActions.IO.Http;

/// <summary>
/// The <c>Retry-After</c> response header (RFC 9110 §10.2.3), read the same way by every HTTP caller that retries
/// (<c>http_request</c>, the HTTP sources, model calls): delay-seconds or an HTTP date, capped so one answer cannot
/// park a task for long.
/// </summary>
public static class RetryAfter
{
    /// <summary>The longest wait a server's answer can ask for.</summary>
    public static readonly TimeSpan Cap = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The wait a <c>Retry-After</c> value asks for; null when absent or unreadable. An HTTP date counts from
    /// <paramref name="now"/>: pass the response's own <c>Date</c> header when it has one, so a skewed local clock does
    /// not stretch or cut the wait.
    /// </summary>
    public static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        TimeSpan wait;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            if (seconds < 0 || double.IsNaN(seconds))
            {
                return null;
            }
            wait = seconds >= Cap.TotalSeconds ? Cap : TimeSpan.FromSeconds(seconds);
        }
        else if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            wait = at - now;
        }
        else
        {
            return null;
        }
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > Cap ? Cap : wait;
    }
}
