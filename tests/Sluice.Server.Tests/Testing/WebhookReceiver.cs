using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Sluice.Server.Tests.Testing;

/// <summary>A real HTTP endpoint on 127.0.0.1 that records alert bodies and answers as the test says (status per request, or hang).</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _bodies = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication _app = null!;
    private int _received;
    private int _answered;

    /// <summary>The status to answer the n-th request with (1-based); null means hang until disposed. The default is 200.</summary>
    public Func<int, int?> Respond { get; set; } = static _ => 200;

    public Uri Url { get; private set; } = null!;

    public int Received => Volatile.Read(ref _received);

    public int Answered => Volatile.Read(ref _answered);

    public IReadOnlyList<string> Bodies => [.. _bodies];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var r = new WebhookReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        r._app = builder.Build();
        r._app.MapPost("/hook/{token}", r.HandleAsync);
        await r._app.StartAsync();
        var address = r._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // The path carries a token, as Slack's webhook URLs do: it must not show up in logs or alerts.
        r.Url = new Uri(address.TrimEnd('/') + "/hook/T0KEN-in-the-path");
        return r;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var n = Interlocked.Increment(ref _received);
        _bodies.Enqueue(body);
        if (Respond(n) is not { } status)
        {
            await _release.Task.WaitAsync(context.RequestAborted);
            status = 200;
        }
        Interlocked.Increment(ref _answered);
        context.Response.StatusCode = status;
    }

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
