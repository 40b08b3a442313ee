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

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}
