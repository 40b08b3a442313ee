using System.Globalization;
using Sluice.Datasets;
using Sluice.Definition;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.DataActions.IO.Http;

/// <summary>
/// The options of an HTTP JSON source (a dataset whose path is an <c>http(s)://</c> URL): <c>method</c>, <c>headers</c>,
/// <c>query</c>, <c>body</c>, <c>records</c> (a dot path to the array of records), <c>paginate</c>, <c>rate_limit</c>,
/// <c>retries</c>, <c>timeout</c> and <c>max_pages</c>.
/// </summary>
internal sealed record HttpSourceSettings
{
    public const string Format = "http";

    public static readonly string[] Keys = ["method", "headers", "query", "body", "records", "paginate", "rate_limit", "retries", "timeout", "max_pages", "max_bytes"];

    /// <summary>Options of file readers that actions set on any source (ingest's chunk size…); they do not apply to HTTP and are ignored.</summary>
    private static readonly string[] FileReaderOptions = ["chunk_size", "gzip", "header", "delimiter", "quoted_newlines", "columns", "compression"];

    public required Uri Url { get; init; }

    public HttpMethod Method { get; init; } = HttpMethod.Get;

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Query { get; init; } = [];

    public object? Body { get; init; }

    public string? RecordsPath { get; init; }

    public HttpPagination Pagination { get; init; } = HttpPagination.None;

    /// <summary>Requests per second at most; null for no limit.</summary>
    public double? RateLimit { get; init; }

    public int Retries { get; init; } = 5;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxPages { get; init; } = 10_000;

    /// <summary>The records are held in memory; a source larger than this is refused with a message.</summary>
    public long MaxBytes { get; init; } = 1L << 30;

    public static bool IsUrl(string path) =>
        path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="SluiceException">An option is unknown or has the wrong form; the message names it.</exception>
    public static HttpSourceSettings From(DatasetRef dataset)
    {
        var where = $"HTTP source '{dataset.Path}': ";
        if (!Uri.TryCreate(dataset.Path, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new SluiceException($"{where}the url must be an absolute http or https URL");
        }

        var o = dataset.Options;
        foreach (var key in o.Keys.Where(k => !Keys.Contains(k) && !FileReaderOptions.Contains(k)))
        {
            throw new SluiceException($"{where}unknown option '{key}' ({Definition.Validation.NameSuggester.Hint(key, Keys, "options")})");
        }

        return new HttpSourceSettings
        {
            Url = url,
            Method = o.GetValueOrDefault("method") switch
            {
                null => HttpMethod.Get,
                string m when m.Equals("GET", StringComparison.OrdinalIgnoreCase) => HttpMethod.Get,
                string m when m.Equals("POST", StringComparison.OrdinalIgnoreCase) => HttpMethod.Post,
                var other => throw new SluiceException($"{where}'method' must be GET or POST, got {ExprValues.ToText(other)}"),
            },
            Headers = Pairs(o.GetValueOrDefault("headers"), "headers", where),
            Query = Pairs(o.GetValueOrDefault("query"), "query", where),
            Body = o.GetValueOrDefault("body"),
            RecordsPath = o.GetValueOrDefault("records") switch
            {
                null => null,
                string p => p,
                var other => throw new SluiceException($"{where}'records' must be a dot path such as data.items, got {ExprValues.ToText(other)}"),
            },
            Pagination = HttpPagination.From(o.GetValueOrDefault("paginate"), where),
            RateLimit = RateLimitOf(o.GetValueOrDefault("rate_limit"), where),
            Retries = Whole(o.GetValueOrDefault("retries"), "retries", 5, 0, 100, where),
            Timeout = o.GetValueOrDefault("timeout") switch
            {
                null => TimeSpan.FromSeconds(30),
                long seconds and > 0 => TimeSpan.FromSeconds(seconds),
                string text when DurationParser.TryParse(text, out var d, out _) && d > TimeSpan.Zero => d,
                var other => throw new SluiceException($"{where}'timeout' must be a duration such as 30s, got {ExprValues.ToText(other)}"),
            },
            MaxPages = Whole(o.GetValueOrDefault("max_pages"), "max_pages", 10_000, 1, int.MaxValue, where),
            MaxBytes = o.GetValueOrDefault("max_bytes") is long b && b > 0 ? b : 1L << 30,
        };
    }

    private static IReadOnlyList<KeyValuePair<string, string>> Pairs(object? value, string name, string where) => value switch
    {
        null => [],
        IReadOnlyDictionary<string, object?> map => [.. map.Select(kv => new KeyValuePair<string, string>(kv.Key, ExprValues.ToText(kv.Value)))],
        _ => throw new SluiceException($"{where}'{name}' must be a map of names to values"),
    };

    private static int Whole(object? value, string name, int fallback, int min, int max, string where) => value switch
    {
        null => fallback,
        long n when n >= min && n <= max => (int)n,
        _ => throw new SluiceException($"{where}'{name}' must be a whole number from {min} to {max}, got {ExprValues.ToText(value)}"),
    };

    /// <summary>10, 10.5, "10/s", "600/min" or "3600/hour": requests per second.</summary>
    private static double? RateLimitOf(object? value, string where)
    {
        double? perSecond = value switch
        {
            null => null,
            long n => n,
            double d => d,
            string s when s.Split('/') is [var count, var unit] && double.TryParse(count, NumberStyles.Float, CultureInfo.InvariantCulture, out var c) =>
                unit.Trim().ToLowerInvariant() switch
                {
                    "s" or "sec" or "second" => c,
                    "m" or "min" or "minute" => c / 60,
                    "h" or "hour" => c / 3600,
                    _ => double.NaN,
                },
            _ => double.NaN,
        };
        return perSecond is { } r && (double.IsNaN(r) || r <= 0)
            ? throw new SluiceException($"{where}'rate_limit' must be requests per second (10) or a rate such as 10/s or 600/min, got {ExprValues.ToText(value)}")
            : perSecond;
    }
}
