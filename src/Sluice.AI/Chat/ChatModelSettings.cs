using System.Globalization;
using Sluice.Definition;

namespace Sluice.AI.Chat;

/// <summary>
/// A <c>provider: openai</c> model read from its <c>models:</c> entry: any OpenAI-compatible chat-completions endpoint.
/// </summary>
public sealed record ChatModelSettings
{
    /// <summary>The public endpoint, used when neither <c>base_url</c> nor <c>OPENAI_BASE_URL</c> is set.</summary>
    public const string DefaultBaseUrl = "https://api.openai.com/v1";

    /// <summary>The model's name under <c>models:</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The provider's model id (<c>gpt-4</c>).</summary>
    public required string Model { get; init; }

    /// <summary><c>base_url</c>, else the <c>OPENAI_BASE_URL</c> environment variable, else <see cref="DefaultBaseUrl"/>.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>The API key (from <c>api_key</c>, usually <c>{{ secret('NAME') }}</c>, or the variable named by <c>api_key_env</c>, default <c>OPENAI_API_KEY</c>); null when none is set.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Where the key was looked for, for messages (never the key).</summary>
    public required string KeySource { get; init; }

    /// <summary><c>temperature</c>; null leaves the endpoint's default.</summary>
    public double? Temperature { get; init; }

    /// <summary><c>timeout_seconds</c>: one request's limit. The default is 60.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary><c>max_retries</c> after a 429, a 5xx, a timeout or a network error. The default is 3.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary><c>retry_delay_ms</c>: the first backoff when the answer names no <c>Retry-After</c>; doubled per retry, at most 30 s. The default is 500.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary><c>max_concurrency</c>: requests in flight at once to this endpoint and model. The default is 4.</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary><c>requests_per_second</c>: the rate limit; null is unlimited. The default is null.</summary>
    public double? RequestsPerSecond { get; init; }

    /// <summary><c>breaker_failures</c>: consecutive failed requests (retries exhausted) that open the circuit. The default is 5.</summary>
    public int BreakerFailures { get; init; } = 5;

    /// <summary><c>breaker_seconds</c>: how long an open circuit fails requests at once before one is tried again. The default is 30.</summary>
    public TimeSpan BreakerOpen { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>input_cost_per_million_tokens</c>: the price of a million prompt tokens, in the currency the user keeps accounts in; null is unpriced.</summary>
    public double? InputCostPerMillion { get; init; }

    /// <summary><c>output_cost_per_million_tokens</c>: the price of a million completion tokens; null is unpriced.</summary>
    public double? OutputCostPerMillion { get; init; }

    /// <summary>What <paramref name="inputTokens"/> and <paramref name="outputTokens"/> cost; null when the model declares no price.</summary>
    public double? CostOf(long inputTokens, long outputTokens) =>
        InputCostPerMillion is null && OutputCostPerMillion is null
            ? null
            : (inputTokens * (InputCostPerMillion ?? 0) + outputTokens * (OutputCostPerMillion ?? 0)) / 1_000_000d;

    /// <summary>True when a request can be made: a key is set, or the endpoint is not the public one (local servers need none).</summary>
    public bool IsReachable => ApiKey is not null || BaseUrl != new Uri(DefaultBaseUrl);

    /// <summary>Why <see cref="IsReachable"/> is false.</summary>
    public string UnreachableReason => $"no API key for model '{Name}': set {KeySource}, or point base_url (or OPENAI_BASE_URL) at an OpenAI-compatible server";

    /// <summary>True for the providers this package serves.</summary>
    public static bool IsChatProvider(ModelDefinition model) =>
        string.Equals(model?.Provider, "openai", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads <paramref name="model"/>'s settings; <paramref name="environment"/> reads a variable (the process's by default).</summary>
    /// <exception cref="Diagnostics.SluiceException">A setting has the wrong type or range.</exception>
    public static ChatModelSettings From(ModelDefinition model, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        environment ??= Environment.GetEnvironmentVariable;
        var s = model.Settings;
        var baseUrl = Text(s, "base_url", model) ?? NonEmpty(environment("OPENAI_BASE_URL")) ?? DefaultBaseUrl;
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw Bad(model, "base_url", $"must be an http(s) URL, was '{baseUrl}'");
        }
        var keyEnv = Text(s, "api_key_env", model) ?? "OPENAI_API_KEY";
        var key = NonEmpty(Text(s, "api_key", model)) ?? NonEmpty(environment(keyEnv));
        return new ChatModelSettings
        {
            Name = model.Name,
            Model = model.Model,
            BaseUrl = uri,
            ApiKey = key,
            KeySource = s.ContainsKey("api_key") ? "api_key (it is empty)" : $"the environment variable {keyEnv}",
            Temperature = Number(s, "temperature", model, 0, 2),
            Timeout = TimeSpan.FromSeconds(Number(s, "timeout_seconds", model, 0.001, 3600) ?? 60),
            MaxRetries = (int)(Number(s, "max_retries", model, 0, 20) ?? 3),
            RetryDelay = TimeSpan.FromMilliseconds(Number(s, "retry_delay_ms", model, 0, 60_000) ?? 500),
            MaxConcurrency = (int)(Number(s, "max_concurrency", model, 1, 256) ?? 4),
            RequestsPerSecond = Number(s, "requests_per_second", model, 0.01, 10_000),
            BreakerFailures = (int)(Number(s, "breaker_failures", model, 1, 1000) ?? 5),
            BreakerOpen = TimeSpan.FromSeconds(Number(s, "breaker_seconds", model, 0, 3600) ?? 30),
            InputCostPerMillion = Number(s, "input_cost_per_million_tokens", model, 0, 1_000_000),
            OutputCostPerMillion = Number(s, "output_cost_per_million_tokens", model, 0, 1_000_000),
        };
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static string? Text(IReadOnlyDictionary<string, object?> s, string key, ModelDefinition model) => s.GetValueOrDefault(key) switch
    {
        null => null,
        string t => t,
        var other => throw Bad(model, key, $"must be text, was {other}"),
    };

    private static double? Number(IReadOnlyDictionary<string, object?> s, string key, ModelDefinition model, double min, double max)
    {
        double? v = s.GetValueOrDefault(key) switch
        {
            null => null,
            long l => l,
            double d => d,
            string t when double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            var other => throw Bad(model, key, $"must be a number, was '{other}'"),
        };
        return v is { } x && (x < min || x > max) ? throw Bad(model, key, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}, was {x}")) : v;
    }

    private static Diagnostics.SluiceException Bad(ModelDefinition model, string key, string what) =>
        new($"models.{model.Name}.{key} {what}", false);
}
