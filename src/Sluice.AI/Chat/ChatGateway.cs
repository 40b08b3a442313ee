using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.Extensions.AI;
using OpenAI;
using Sluice.Execution.FlowControl;

namespace Sluice.AI.Chat;

/// <summary>
/// Every request to one endpoint and model goes through here, shared by all tasks of a process: the response cache
/// first, then the circuit breaker, bounded concurrency, the rate limit, a per-request timeout, and retries on 429,
/// 5xx, timeouts and network errors (honouring <c>Retry-After</c>). An answer that is not valid JSON or fails the
/// caller's validation is asked for once more; only valid answers are cached.
/// </summary>
internal sealed class ChatGateway : IDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly IChatClient _client;
    private readonly SemaphoreSlim _concurrency;
    private readonly RateLimiter? _rate;
    private readonly ResponseCache? _cache;
    private readonly TimeProvider _time;

    public ChatGateway(ChatModelSettings settings, ResponseCache? cache, TimeProvider time)
    {
        Settings = settings;
        _cache = cache;
        _time = time;
        _concurrency = new SemaphoreSlim(settings.MaxConcurrency, settings.MaxConcurrency);
        Breaker = new CircuitBreaker(settings.BreakerFailures, settings.BreakerOpen, time);
        if (settings.RequestsPerSecond is { } rps)
        {
            // One token per 1/rps: requests are spaced evenly at the limit instead of bursting at the start of each second.
            _rate = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = 1,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1 / rps),
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            });
        }
        var options = new OpenAIClientOptions
        {
            Endpoint = settings.BaseUrl,
            // Retries are ours (counted, Retry-After honoured, behind the breaker); the SDK's own would hide them.
            RetryPolicy = new ClientRetryPolicy(0),
            NetworkTimeout = settings.Timeout + TimeSpan.FromSeconds(1),
        };
        // Local OpenAI-compatible servers need no key, but the client requires a credential.
        _client = new OpenAIClient(new ApiKeyCredential(settings.ApiKey ?? "no-key"), options).GetChatClient(settings.Model).AsIChatClient();
    }

    public ChatModelSettings Settings { get; }

    public CircuitBreaker Breaker { get; }

    /// <summary>Asks <paramref name="call"/>; <paramref name="validate"/> returns null for a valid answer, else what is wrong with it.</summary>
    public async Task<ChatCallResult> CompleteAsync(ChatCall call, Func<JsonElement, string?> validate, UsageMeter meter, CancellationToken cancellationToken)
    {
        var key = _cache is null ? null : ResponseCache.Key(Settings, call);
        if (key is not null && await _cache!.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } hit)
        {
            using var doc = JsonDocument.Parse(hit);
            meter.Hit();
            return new ChatCallResult(doc.RootElement.Clone(), null, true, 0, 0);
        }
        long input = 0, output = 0;
        string? problem = null;
        for (var ask = 0; ask < 2; ask++)
        {
            if (ask > 0)
            {
                meter.Retry();
            }
            var (text, error, inTokens, outTokens) = await SendAsync(call, meter, cancellationToken).ConfigureAwait(false);
            input += inTokens;
            output += outTokens;
            meter.Tokens(inTokens, outTokens);
            if (error is not null)
            {
                meter.Fail();
                return new ChatCallResult(null, error, false, input, output);
            }
            if (Parse(text) is not { } answer)
            {
                problem = "the answer is not JSON: " + Clip(text);
                continue;
            }
            problem = validate(answer);
            if (problem is null)
            {
                if (key is not null)
                {
                    await _cache!.PutAsync(key, Settings.Model, answer.GetRawText(), inTokens, outTokens, cancellationToken).ConfigureAwait(false);
                }
                return new ChatCallResult(answer, null, false, input, output);
            }
        }
        meter.Fail();
        return new ChatCallResult(null, problem, false, input, output);
    }

    private async Task<(string? Text, string? Error, long Input, long Output)> SendAsync(ChatCall call, UsageMeter meter, CancellationToken cancellationToken)
    {
        string error = "no request was sent";
        for (var attempt = 0; ; attempt++)
        {
            if (!Breaker.TryEnter())
            {
                return (null, $"the circuit for model '{Settings.Name}' is open after repeated failures ({error}); requests fail at once for {Settings.BreakerOpen.TotalSeconds:0.#} s", 0, 0);
            }
            TimeSpan? retryAfter = null;
            await _concurrency.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using var lease = _rate is null ? null : await _rate.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
                using var timeout = new CancellationTokenSource(Settings.Timeout, _time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
                meter.Request();
                var response = await _client.GetResponseAsync(Messages(call), Options(call), linked.Token).ConfigureAwait(false);
                Breaker.Success();
                return (response.Text, null, response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = $"no answer within {Settings.Timeout.TotalSeconds:0.###} s";
            }
            catch (OperationCanceledException)
            {
                Breaker.Abandon();
                throw;
            }
            catch (ClientResultException ex) when (ex.Status is 401 or 403)
            {
                // Every later request would be refused the same way: stop asking.
                Breaker.Trip();
                return (null, $"{Settings.BaseUrl} refused the key ({ex.Status}); check {Settings.KeySource}", 0, 0);
            }
            catch (ClientResultException ex) when (ex.Status is 0 or 408 or 429 or >= 500)
            {
                error = ex.Status == 0 ? $"{Settings.BaseUrl} is unreachable ({Clip(ex.InnerException?.Message ?? ex.Message)})" : $"HTTP {ex.Status}";
                retryAfter = RetryAfter(ex.GetRawResponse());
            }
            catch (ClientResultException ex)
            {
                return (null, $"HTTP {ex.Status}: {Clip(ex.Message)}", 0, 0);
            }
            catch (HttpRequestException ex)
            {
                error = $"{Settings.BaseUrl} is unreachable ({Clip(ex.Message)})";
            }
            finally
            {
                _concurrency.Release();
            }
            if (attempt >= Settings.MaxRetries)
            {
                Breaker.Failure();
                return (null, attempt == 0 ? error : $"{error} after {attempt + 1} requests", 0, 0);
            }
            meter.Retry();
            var backoff = Settings.RetryDelay * Math.Pow(2, attempt);
            await Task.Delay(retryAfter ?? (backoff < MaxBackoff ? backoff : MaxBackoff), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static ChatMessage[] Messages(ChatCall call) => [new(ChatRole.System, call.System), new(ChatRole.User, call.User)];

    private ChatOptions Options(ChatCall call) => new()
    {
        Temperature = Settings.Temperature is { } t ? (float)t : null,
        ResponseFormat = ChatResponseFormat.ForJsonSchema(call.Schema, call.SchemaName),
    };

    /// <summary><c>Retry-After</c> of a model server's answer; counted from its <c>Date</c> header when it sends one.</summary>
    private TimeSpan? RetryAfter(PipelineResponse? response)
    {
        if (response is null || !response.Headers.TryGetValue("Retry-After", out var value))
        {
            return null;
        }
        var now = response.Headers.TryGetValue("Date", out var date)
            && DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var sent) ? sent : _time.GetUtcNow();
        return DataActions.IO.Http.RetryAfter.Parse(value, now);
    }

    private static JsonElement? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Clip(string? s) => s is null ? "(empty)" : s.Length <= 200 ? s : s[..200] + "…";

    public void Dispose()
    {
        _rate?.Dispose();
        _concurrency.Dispose();
        (_client as IDisposable)?.Dispose();
    }
}
