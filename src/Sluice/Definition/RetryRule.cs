using System.Globalization;

namespace Sluice.Definition;

/// <summary>
/// A task's <c>retry_on</c> or <c>no_retry_on</c>: which failures it names, by the exit code of a command, the HTTP
/// status of a response, or an error class (the name of an exception type in the failure's chain, such as
/// <c>DataException</c> or <c>HttpRequestException</c>, or <c>timeout</c> for an attempt that hit its timeout).
/// A failure matches when any one of the listed facts matches.
/// </summary>
/// <param name="ExitCodes">Exit codes of a <c>shell</c> command.</param>
/// <param name="HttpStatuses">HTTP statuses as inclusive ranges (<c>429</c> is 429–429, <c>5xx</c> is 500–599).</param>
/// <param name="Errors">Error class names, compared without case.</param>
public sealed record RetryRule(IReadOnlyList<int> ExitCodes, IReadOnlyList<(int From, int To)> HttpStatuses, IReadOnlyList<string> Errors)
{
    /// <summary>The error class name of an attempt stopped by its own timeout.</summary>
    public const string Timeout = "timeout";

    /// <summary>True when <paramref name="failure"/> is one this rule names.</summary>
    public bool Matches(FailureFacts failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (failure.ExitCode is { } code && ExitCodes.Contains(code))
        {
            return true;
        }
        if (failure.HttpStatus is { } status && HttpStatuses.Any(r => status >= r.From && status <= r.To))
        {
            return true;
        }
        return Errors.Any(e => failure.ErrorClasses.Contains(e, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Reads an HTTP status entry: <c>503</c>, <c>5xx</c> or <c>500-504</c>; null when it is none of these.</summary>
    public static (int From, int To)? ParseStatus(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        if (t.Length == 3 && t[0] is >= '1' and <= '5' && t[1..].Equals("xx", StringComparison.OrdinalIgnoreCase))
        {
            var hundred = (t[0] - '0') * 100;
            return (hundred, hundred + 99);
        }
        var dash = t.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0
            && int.TryParse(t.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var from)
            && int.TryParse(t.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var to))
        {
            return Valid(from) && Valid(to) && from <= to ? (from, to) : null;
        }
        return int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var one) && Valid(one) ? (one, one) : null;
    }

    /// <summary>The rule as written in YAML (for canonical definitions and messages).</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (ExitCodes.Count > 0)
        {
            parts.Add("exit_codes: [" + string.Join(", ", ExitCodes.Select(static c => c.ToString(CultureInfo.InvariantCulture))) + "]");
        }
        if (HttpStatuses.Count > 0)
        {
            parts.Add("http_statuses: [" + string.Join(", ", HttpStatuses.Select(static r => r.From == r.To
                ? r.From.ToString(CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{r.From}-{r.To}"))) + "]");
        }
        if (Errors.Count > 0)
        {
            parts.Add("errors: [" + string.Join(", ", Errors) + "]");
        }
        return "{" + string.Join(", ", parts) + "}";
    }

    private static bool Valid(int status) => status is >= 100 and <= 599;
}
