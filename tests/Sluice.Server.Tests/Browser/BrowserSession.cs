using Microsoft.Playwright;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Browser;

/// <summary>Debian's chromium driven by Playwright (never a downloaded browser); screenshots go to TestResults/screenshots.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public static async Task<BrowserSession> StartAsync()
    {
        var s = new BrowserSession { _playwright = await Playwright.CreateAsync() };
        s.Browser = await s._playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExternalTools.Chromium,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return s;
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    /// <summary>
    /// Waits for a navigation to a URL that <paramref name="match"/> accepts (only the commit: a loaded machine makes
    /// the load event slow). When it does not come, the failure says what the page did instead: every request,
    /// response and failed request since <paramref name="traffic"/> started recording, the URL it is on, and the
    /// screenshot and HTML kept as artifacts named <paramref name="name"/>.
    /// </summary>
    public static async Task WaitForUrlAsync(IPage page, Func<string, bool> match, string name, PageTraffic traffic, float timeoutMs = 90_000)
    {
        try
        {
            await page.WaitForURLAsync(match, new() { WaitUntil = WaitUntilState.Commit, Timeout = timeoutMs });
        }
        catch (TimeoutException ex)
        {
            Directory.CreateDirectory(ScreenshotDirectory);
            var html = await page.ContentAsync();
            await File.WriteAllTextAsync(Path.Combine(ScreenshotDirectory, name + "-timeout.html"), html);
            await ScreenshotAsync(page, name + "-timeout");
            throw new TimeoutException(
                $"no navigation to the expected URL within {timeoutMs / 1000:0} s; the page is at {page.Url}.\n"
                + $"Traffic since the action:\n{traffic}\nPage (first 2,000 characters):\n{html[..Math.Min(html.Length, 2000)]}", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}
