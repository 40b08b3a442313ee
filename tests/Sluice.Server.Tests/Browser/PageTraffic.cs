using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Playwright;

namespace Sluice.Server.Tests.Browser;

/// <summary>A page's requests, responses and failed requests with their times, recorded while it lives.</summary>
public sealed class PageTraffic : IDisposable
{
    private readonly IPage _page;
    private readonly ConcurrentQueue<string> _lines = new();

    private PageTraffic(IPage page)
    {
        _page = page;
        _page.Request += OnRequest;
        _page.Response += OnResponse;
        _page.RequestFailed += OnRequestFailed;
    }

    /// <summary>Starts recording <paramref name="page"/>'s traffic.</summary>
    public static PageTraffic Record(IPage page) => new(page);

    /// <summary>The recorded lines, oldest first.</summary>
    public override string ToString() => string.Join('\n', _lines);

    public void Dispose()
    {
        _page.Request -= OnRequest;
        _page.Response -= OnResponse;
        _page.RequestFailed -= OnRequestFailed;
    }

    private static string Now => DateTime.UtcNow.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private void OnRequest(object? sender, IRequest r) => _lines.Enqueue($"{Now} -> {r.Method} {r.Url}");

    private void OnResponse(object? sender, IResponse r) => _lines.Enqueue($"{Now} <- {r.Status} {r.Request.Method} {r.Url}");

    private void OnRequestFailed(object? sender, IRequest r) => _lines.Enqueue($"{Now} !! {r.Failure} {r.Method} {r.Url}");
}
