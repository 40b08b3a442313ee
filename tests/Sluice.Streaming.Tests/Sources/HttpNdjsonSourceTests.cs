using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Sluice.Hosting.Library;
using Sluice.Tests.Testing;

namespace Sluice.Streaming.Tests.Sources;

/// <summary>
/// A real HTTP server on 127.0.0.1 streams NDJSON in a chunked response; the first response breaks off in the
/// middle of a line. The source reconnects with <c>from=&lt;events received&gt;</c>, the server continues there, and
/// the windowed counts must equal the batch counts: nothing lost, nothing twice.
/// </summary>
public sealed class HttpNdjsonSourceTests : IDisposable
{
    private const int Events = 95;
    private readonly TempDirectory _dir = new();
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly string _url;

    public HttpNdjsonSourceTests()
    {
        _listener.Start();
        _url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/events";
        _ = ServeAsync();
    }

    internal static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>
    /// HTTP/1.1 written by hand, so the first response can end the way a crashed server ends one: the connection closes
    /// in the middle of a line, without the terminating chunk.
    /// </summary>
    private async Task ServeAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }

            using (client)
            {
                var stream = client.GetStream();
                var target = await ReadRequestTargetAsync(stream);
                if (target.EndsWith("/missing", StringComparison.Ordinal))
                {
                    await WriteAsync(stream, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    continue;
                }

                _requests.Enqueue(target);
                var query = target.Split("from=");
                var from = query.Length == 2 ? int.Parse(query[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
                await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
                if (_requests.Count == 1)
                {
                    // Forty events, a heartbeat, half of the 41st — then the connection drops.
                    foreach (var line in KeyedEvents.Lines(40))
                    {
                        await ChunkAsync(stream, line + "\n");
                    }

                    await ChunkAsync(stream, "\n");
                    await ChunkAsync(stream, KeyedEvents.Line(40)[..8]);
                    client.Client.LingerState = new LingerOption(true, 0);
                    continue;
                }

                for (var i = from; i < Events; i++)
                {
                    await ChunkAsync(stream, KeyedEvents.Line(i) + "\n");
                }

                await WriteAsync(stream, "0\r\n\r\n");
            }
        }
    }

    private static async Task<string> ReadRequestTargetAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer) == 1)
        {
            head.Append((char)buffer[0]);
        }

        return head.ToString().Split(' ')[1];
    }

    private static Task ChunkAsync(NetworkStream stream, string text) =>
        WriteAsync(stream, $"{Encoding.UTF8.GetByteCount(text):x}\r\n{text}\r\n");

    private static async Task WriteAsync(NetworkStream stream, string text)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text));
        await stream.FlushAsync();
    }

    [Fact]
    public async Task BrokenResponse_Reconnects_WithResumeOffset_NoLossNoDuplicates()
    {
        var source = $"{{type: http, url: \"{_url}\", resume: \"from={{offset}}\", end_on_close: true, reconnect: {{min: 10ms, max: 100ms}}, batch_size: 7}}";
        File.WriteAllText(_dir.File("http.yaml"), KeyedEvents.Pipeline(source, _dir.File("counts.csv")));

        var result = await SluicePipelines.ExecuteAsync(_dir.File("http.yaml"), null, new PipelineExecutionOptions { Store = _dir.File("sluice.db") });

        result.Outcome.State.ShouldBe(Sluice.State.RunState.Succeeded, result.Outcome.Error);
        _requests.ShouldBe(["/events?from=0", "/events?from=40"]);
        File.ReadAllLines(_dir.File("counts.csv")).ShouldBe(KeyedEvents.Counts(Events));
    }

    [Fact]
    public async Task NotFound_FailsWithLocatedError()
    {
        File.WriteAllText(_dir.File("http.yaml"), KeyedEvents.Pipeline($"{{type: http, url: \"{_url}/missing\", end_on_close: true}}", _dir.File("counts.csv")));

        var result = await SluicePipelines.ExecuteAsync(_dir.File("http.yaml"), null, new PipelineExecutionOptions { Store = _dir.File("sluice.db") });

        result.Outcome.State.ShouldBe(Sluice.State.RunState.Failed);
        result.Outcome.Error.ShouldNotBeNull().ShouldContain($"counts.parameters.source.url: '{_url}/missing' answered 404");
    }

    public void Dispose()
    {
        _listener.Stop();
        _dir.Dispose();
    }
}
