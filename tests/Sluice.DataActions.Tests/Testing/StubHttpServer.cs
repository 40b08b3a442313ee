using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sluice.DataActions.Tests.Testing;

/// <summary>A real HTTP listener on 127.0.0.1 answering with a handler; records every request's path and query.</summary>
public sealed class StubHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<HttpListenerRequest, HttpListenerResponse, string> _handler;
    private readonly Task _loop;

    private StubHttpServer(Func<HttpListenerRequest, HttpListenerResponse, string> handler)
    {
        _handler = handler;
        // HttpListener cannot bind port 0: a free port is probed, and another process may take it before the listener
        // binds it (tests run in parallel projects), so a taken port is probed again.
        for (var attempt = 1; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}/";
            _listener = new HttpListener();
            _listener.Prefixes.Add(Url);
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                _listener.Close();
            }
        }

        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    /// <summary>Each request as "METHOD path?query | header Authorization".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Starts a server; the handler sets status and headers on the response and returns the body.</summary>
    public static StubHttpServer Start(Func<HttpListenerRequest, HttpListenerResponse, string> handler) => new(handler);

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            Requests.Enqueue($"{context.Request.HttpMethod} {context.Request.Url!.PathAndQuery} | {context.Request.Headers["Authorization"]}");
            string body;
            try
            {
                body = _handler(context.Request, context.Response);
            }
            catch (Exception e)
            {
                context.Response.StatusCode = 500;
                body = e.Message;
            }

            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.ContentType ??= "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop.ConfigureAwait(false);
    }
}
