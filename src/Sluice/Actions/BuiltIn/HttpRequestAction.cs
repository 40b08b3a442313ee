using System.Net;
using System.Text;
using System.Text.Json;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.Actions.BuiltIn;

/// <summary>
/// <c>http_request</c>: sends one HTTP request. A status outside <c>expected_status</c> fails the attempt:
/// 408, 429 and 5xx are transient (retried), other statuses are permanent.
/// </summary>
public sealed class HttpRequestAction : IAction
{
    private static readonly HttpClient SharedClient = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private readonly HttpClient _client;

    /// <summary>Creates the action with a shared client, or <paramref name="client"/>.</summary>
    public HttpRequestAction(HttpClient? client = null) => _client = client ?? SharedClient;

    /// <inheritdoc />
    public ActionDescriptor Descriptor { get; } = new(
        "http_request",
        "Sends an HTTP request and returns status, headers and body (parsed when the response is JSON).",
        [
            new ParameterSpec("url", ParameterType.String, "Absolute http or https URL.", Required: true),
            new ParameterSpec("method", ParameterType.String, "HTTP method. The default is GET.", Default: "GET",
                AllowedValues: ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]),
            new ParameterSpec("headers", ParameterType.Map, "Request headers."),
            new ParameterSpec("body", ParameterType.Any, "Request body: text as is, lists and maps as JSON."),
            new ParameterSpec("expected_status", ParameterType.Any, "A status code or a list of them. The default accepts any 2xx."),
        ],
        [
            new OutputSpec("status", "The response status code."),
            new OutputSpec("headers", "Response headers (names lower-case; repeated headers joined by ', ')."),
            new OutputSpec("body", "The response body: parsed JSON when the content type is JSON, else text."),
        ]);

    /// <inheritdoc />
    public async ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var url = context.Get("url") as string ?? throw new SluiceException("http_request needs 'url'");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new SluiceException($"http_request 'url' must be an absolute http(s) URL, got '{url}'");
        }
        var method = new HttpMethod((context.Get("method") as string ?? "GET").ToUpperInvariant());
        using var request = new HttpRequestMessage(method, uri);
        var body = context.Get("body");
        if (body is not null)
        {
            request.Content = body is string s
                ? new StringContent(s, Encoding.UTF8, "text/plain")
                : new StringContent(ToJson(body), Encoding.UTF8, "application/json");
        }
        if (context.Get("headers") is IReadOnlyDictionary<string, object?> headers)
        {
            foreach (var (k, v) in headers)
            {
                var text = ExprValues.ToText(v);
                if (!request.Headers.TryAddWithoutValidation(k, text))
                {
                    request.Content ??= new ByteArrayContent([]);
                    request.Content.Headers.Remove(k);
                    request.Content.Headers.TryAddWithoutValidation(k, text);
                }
            }
        }
        using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var payload = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        context.Log.Write("info", $"{method} {uri} -> {status} ({payload.Length} chars)");
        if (!IsExpected(status, context.Get("expected_status")))
        {
            var transient = status is 408 or 429 || status >= 500;
            var snippet = payload.Length > 300 ? payload[..300] + "…" : payload;
            throw new SluiceException($"{method} {uri} returned {status} {response.ReasonPhrase}: {snippet}", transient) { HttpStatus = status };
        }
        var responseHeaders = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var h in response.Headers.Concat(response.Content.Headers))
        {
            responseHeaders[h.Key.ToLowerInvariant()] = string.Join(", ", h.Value);
        }
        return new ActionResult(new Dictionary<string, object?>
        {
            ["status"] = (long)status,
            ["headers"] = responseHeaders,
            ["body"] = ParseBody(response, payload),
        });
    }

    private static bool IsExpected(int status, object? expected) => expected switch
    {
        null => status is >= 200 and < 300,
        long l => status == l,
        IReadOnlyList<object?> list => list.Any(x => x is long v && v == status),
        string s when int.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var v) => status == v,
        _ => throw new SluiceException("'expected_status' must be a status code or a list of them"),
    };

    private static object? ParseBody(HttpResponseMessage response, string payload)
    {
        var type = response.Content.Headers.ContentType?.MediaType;
        if (payload.Length == 0 || type is null || !(type.EndsWith("/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
        {
            return payload;
        }
        try
        {
            using var doc = JsonDocument.Parse(payload);
            return ExprValues.FromJson(doc.RootElement);
        }
        catch (JsonException)
        {
            return payload;
        }
    }

    private static string ToJson(object? value)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            ExprValues.ToJson(w, value);
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>Statuses that a retry may fix.</summary>
    public static bool IsTransientStatus(HttpStatusCode code) => (int)code is 408 or 429 or >= 500;
}
