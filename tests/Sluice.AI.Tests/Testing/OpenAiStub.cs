using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.AI.Tests.Testing;

/// <summary>What the stub received: the path, the Authorization header and the JSON body.</summary>
public sealed record StubRequest(string Path, string? Authorization, JsonElement Body)
{
    public string? Model => Body.TryGetProperty("model", out var m) ? m.GetString() : null;

    public double? Temperature => Body.TryGetProperty("temperature", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDouble() : null;

    /// <summary>response_format.json_schema.schema, or null.</summary>
    public JsonElement? Schema => Body.TryGetProperty("response_format", out var rf) && rf.TryGetProperty("json_schema", out var js) && js.TryGetProperty("schema", out var s) ? s : null;

    public string? ResponseFormatType => Body.TryGetProperty("response_format", out var rf) && rf.TryGetProperty("type", out var t) ? t.GetString() : null;

    public string User => Body.GetProperty("messages").EnumerateArray().Last(static m => m.GetProperty("role").GetString() == "user").GetProperty("content").GetString() ?? "";

    /// <summary>The rows of an enrichment request (lines of the user message that are row objects).</summary>
    public IReadOnlyList<JsonElement> Rows => [.. User.Split('\n').Where(static l => l.StartsWith("{\"_row\":", StringComparison.Ordinal)).Select(static l => JsonDocument.Parse(l).RootElement.Clone())];
}

/// <summary>The stub's answer: an HTTP status with assistant content (or a raw body), headers, or a hang until the client gives up.</summary>
public sealed record StubReply(int Status = 200, string? Content = null, string? RawBody = null, IReadOnlyDictionary<string, string>? Headers = null, bool Hang = false, long PromptTokens = 11, long CompletionTokens = 7)
{
    public static StubReply Json(object answer) => new(Content: JsonSerializer.Serialize(answer));
}

/// <summary>
/// An OpenAI-compatible chat-completions server on 127.0.0.1 for tests and the benchmark: records every request and
/// answers through a handler (default: a valid answer built from the request's schema), with an optional latency.
/// </summary>
public sealed class OpenAiStub : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly ConcurrentQueue<StubRequest> _requests = new();
    private int _count;

    public OpenAiStub(Func<StubRequest, int, StubReply>? handler = null)
    {
        Handler = handler ?? ((r, _) => Valid(r));
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}/v1";

    public Func<StubRequest, int, StubReply> Handler { get; set; }

    /// <summary>Delay before every answer (the benchmark's simulated latency).</summary>
    public TimeSpan Latency { get; set; }

    public int Count => Volatile.Read(ref _count);

    public IReadOnlyList<StubRequest> Requests => [.. _requests];

    public void Reset()
    {
        _requests.Clear();
        Interlocked.Exchange(ref _count, 0);
    }

    /// <summary>A valid answer for the request's schema: rows for an enrichment, the first allowed value for an AUTO question.</summary>
    public static StubReply Valid(StubRequest r)
    {
        var schema = r.Schema ?? throw new InvalidOperationException("the request has no json schema");
        var props = schema.GetProperty("properties");
        if (props.TryGetProperty("rows", out var rowsSchema))
        {
            var fields = rowsSchema.GetProperty("items").GetProperty("properties");
            var rows = new JsonArray();
            foreach (var row in r.Rows)
            {
                var id = row.GetProperty("_row").GetInt32();
                var o = new JsonObject { ["_row"] = id };
                foreach (var f in fields.EnumerateObject().Where(static f => f.Name != "_row"))
                {
                    o[f.Name] = Sample(f.Value, id);
                }
                rows.Add(o);
            }
            return new StubReply(Content: new JsonObject { ["rows"] = rows }.ToJsonString());
        }
        return new StubReply(Content: new JsonObject { ["value"] = Sample(props.GetProperty("value"), 0), ["reason"] = "the stub's first choice" }.ToJsonString());
    }

    private static JsonNode? Sample(JsonElement schema, int id)
    {
        if (schema.TryGetProperty("enum", out var e))
        {
            return JsonNode.Parse(e.EnumerateArray().First(static v => v.ValueKind != JsonValueKind.Null).GetRawText());
        }
        var types = schema.GetProperty("type");
        var type = types.ValueKind == JsonValueKind.Array ? types.EnumerateArray().First(static t => t.GetString() != "null").GetString() : types.GetString();
        return type switch
        {
            "number" => 1.5,
            "integer" => id,
            "boolean" => true,
            _ => $"v{id}",
        };
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            string body;
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync();
            }
            using var doc = JsonDocument.Parse(body);
            var request = new StubRequest(context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], doc.RootElement.Clone());
            _requests.Enqueue(request);
            var n = Interlocked.Increment(ref _count) - 1;
            var reply = Handler(request, n);
            if (Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency, _stop.Token);
            }
            if (reply.Hang)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
            }
            var response = context.Response;
            response.StatusCode = reply.Status;
            foreach (var (k, v) in reply.Headers ?? new Dictionary<string, string>())
            {
                response.Headers[k] = v;
            }
            var text = reply.RawBody ?? (reply.Status == 200
                ? new JsonObject
                {
                    ["id"] = "chatcmpl-stub",
                    ["object"] = "chat.completion",
                    ["created"] = 0,
                    ["model"] = request.Model,
                    ["choices"] = new JsonArray(new JsonObject
                    {
                        ["index"] = 0,
                        ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply.Content },
                        ["finish_reason"] = "stop",
                    }),
                    ["usage"] = new JsonObject { ["prompt_tokens"] = reply.PromptTokens, ["completion_tokens"] = reply.CompletionTokens, ["total_tokens"] = reply.PromptTokens + reply.CompletionTokens },
                }.ToJsonString()
                : new JsonObject { ["error"] = new JsonObject { ["message"] = "stub error", ["type"] = "server_error" } }.ToJsonString());
            var bytes = Encoding.UTF8.GetBytes(text);
            response.ContentType = "application/json";
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes, _stop.Token);
            response.Close();
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (HttpListenerException)
        {
        }
        catch (IOException)
        {
        }
        catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException or JsonException or FormatException)
        {
            // A handler's own bug: answer 599 so the client sees it at once instead of waiting for a timeout.
            HandlerErrors.Enqueue(ex.ToString());
            context.Response.StatusCode = 599;
            context.Response.Close();
        }
    }

    /// <summary>Exceptions thrown by the handler (tests' own mistakes), answered with HTTP 599.</summary>
    public ConcurrentQueue<string> HandlerErrors { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }
        _stop.Dispose();
    }
}

/// <summary>JSON helpers for assertions.</summary>
public static class JsonText
{
    /// <summary>The element without indentation (the client library indents the schemas it sends).</summary>
    public static string Compact(this JsonElement element) => JsonSerializer.Serialize(element);
}
