using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Sluice.Hosting.Library;
using Sluice.Tests.Testing;

namespace Sluice.Streaming.Tests.Sources;

/// <summary>
/// A real WebSocket server (HttpListener on 127.0.0.1) sends events as text messages — single objects and NDJSON
/// batches — and drops the first connection without a close; the source reconnects with <c>from=&lt;events
/// received&gt;</c>, the server continues there and closes normally. The windowed counts must equal the batch counts.
/// </summary>
public sealed class WebSocketSourceTests : IDisposable
{
    private const int Events = 83;
    private readonly TempDirectory _dir = new();
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly int _port = HttpNdjsonSourceTests.FreePort();

    public WebSocketSourceTests()
    {
        _listener.Prefixes.Add($"http://127.0.0.1:{_port}/ws/");
        _listener.Start();
        _ = ServeAsync();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            _requests.Enqueue(context.Request.Url!.PathAndQuery);
            var from = int.Parse(context.Request.QueryString["from"] ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            var socket = (await context.AcceptWebSocketAsync(null)).WebSocket;
            if (_requests.Count == 1)
            {
                // Thirty single-object messages, one NDJSON message of three events, then the connection is dropped.
                for (var i = 0; i < 30; i++)
                {
                    await SendAsync(socket, KeyedEvents.Line(i));
                }

                await SendAsync(socket, string.Join("\n", KeyedEvents.Lines(33)[30..]) + "\n");
                socket.Abort();
                context.Response.Abort();
                continue;
            }

            for (var i = from; i < Events; i += 2)
            {
                await SendAsync(socket, string.Join("\n", KeyedEvents.Lines(Math.Min(Events, i + 2))[i..]));
            }

            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }
    }

    private static Task SendAsync(WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    [Fact]
    public async Task DroppedConnection_Reconnects_WithResumeOffset_NoLossNoDuplicates()
    {
        var source = $"{{type: websocket, url: \"ws://127.0.0.1:{_port}/ws/\", resume: \"from={{offset}}\", end_on_close: true, reconnect: {{min: 10ms, max: 100ms}}}}";
        File.WriteAllText(_dir.File("ws.yaml"), KeyedEvents.Pipeline(source, _dir.File("counts.csv")));

        var result = await SluicePipelines.ExecuteAsync(_dir.File("ws.yaml"), null, new PipelineExecutionOptions { Store = _dir.File("sluice.db") });

        result.Outcome.State.ShouldBe(Sluice.State.RunState.Succeeded, result.Outcome.Error);
        _requests.ShouldBe(["/ws/?from=0", "/ws/?from=33"]);
        File.ReadAllLines(_dir.File("counts.csv")).ShouldBe(KeyedEvents.Counts(Events));
    }

    public void Dispose()
    {
        _listener.Close();
        _dir.Dispose();
    }
}
