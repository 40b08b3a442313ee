using System.Collections.Concurrent;
using System.Globalization;
using Sluice.Definition;
using Sluice.Diagnostics;

namespace Sluice.Execution.FlowControl;

/// <summary>
/// The process's <c>rate_limit</c>s and <c>circuit_breaker</c>s, shared by every run it executes (all runs of a
/// <c>sluice serve</c>, all items of a <c>for_each</c>). Each is found by its key and settings, so two tasks writing the
/// same key and numbers share one limit. Limits live in the process: workers on several machines each keep their own.
/// </summary>
internal static class FlowGates
{
    private static readonly ConcurrentDictionary<(string Key, int Requests, TimeSpan Per), StartSpacing> Spacings = new();
    private static readonly ConcurrentDictionary<(string Key, int Failures, TimeSpan Reset), CircuitBreaker> Breakers = new();

    /// <summary>
    /// Waits for the task's rate limit and checks its breaker before an attempt starts; the returned pass records the
    /// attempt's outcome with the breaker. Throws a transient <see cref="SluiceException"/> while the circuit is open.
    /// </summary>
    public static async Task<FlowPass> EnterAsync(TaskPolicy policy, string action, IReadOnlyDictionary<string, object?> parameters, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        CircuitBreaker? breaker = null;
        if (policy.Breaker is { } b)
        {
            var key = KeyOf(b.Key, action, parameters);
            breaker = Breakers.GetOrAdd((key, b.Failures, b.ResetAfter), k => new CircuitBreaker(k.Failures, k.Reset, time));
            if (!breaker.TryEnter())
            {
                var until = breaker.OpenUntil is { } u ? u.ToString("u", CultureInfo.InvariantCulture) : "soon";
                throw new SluiceException(
                    $"the circuit for '{key}' is open after {b.Failures} failed attempt(s) in a row; attempts fail at once until {until}, then one is tried", isTransient: true);
            }
        }
        if (policy.RateLimit is { } r)
        {
            var key = KeyOf(r.Key, action, parameters);
            try
            {
                await Spacings.GetOrAdd((key, r.Requests, r.Per), k => new StartSpacing(k.Requests, k.Per, time)).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                breaker?.Abandon();
                throw;
            }
        }
        return new FlowPass(breaker);
    }

    /// <summary>The limit's key for this attempt: the URL's host, the action, or the word as written.</summary>
    internal static string KeyOf(string key, string action, IReadOnlyDictionary<string, object?> parameters) => key switch
    {
        "host" => FirstUrl(parameters.Values, 0) is { } url ? "host:" + url.Authority : "action:" + action,
        "action" => "action:" + action,
        _ => "key:" + key,
    };

    private static Uri? FirstUrl(IEnumerable<object?> values, int depth)
    {
        foreach (var v in values)
        {
            switch (v)
            {
                case string s when Uri.TryCreate(s, UriKind.Absolute, out var u) && u.Scheme is "http" or "https":
                    return u;
                case IReadOnlyDictionary<string, object?> map when depth < 2 && FirstUrl(map.Values, depth + 1) is { } inMap:
                    return inMap;
                case IEnumerable<object?> list when v is not string && depth < 2 && FirstUrl(list, depth + 1) is { } inList:
                    return inList;
            }
        }
        return null;
    }
}
