using Microsoft.Playwright;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Browser;

public sealed class RunPageBrowserTests
{
    // The CSS state colours, as a browser reports computed fills.
    private const string Green = "rgb(26, 127, 55)";
    private const string Red = "rgb(207, 34, 46)";
    private const string Salmon = "rgb(232, 134, 122)";
    private const string Blue = "rgb(9, 105, 218)";
    private const string Grey = "rgb(175, 184, 193)";

    [ChromiumFact]
    public async Task RunPage_ShowsTheDagWithStateColours()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["failing.yaml"] = Pipelines.Failing });
        var runId = await server.StartRunAsync("failing");
        await server.WaitForRunAsync(runId);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.Browser.NewPageAsync();

        await page.GotoAsync(new Uri(server.BaseAddress, $"runs/{runId}").ToString());

        (await FillAsync(page, "ok")).ShouldBe(Green);
        (await FillAsync(page, "boom")).ShouldBe(Red);
        (await FillAsync(page, "never")).ShouldBe(Salmon);
        await BrowserSession.ScreenshotAsync(page, "run-page-failed-run");
    }

    [ChromiumFact]
    public async Task FailedTask_ErrorAndLogAreOneClickFromItsNode()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["failing.yaml"] = Pipelines.Failing });
        var runId = await server.StartRunAsync("failing");
        await server.WaitForRunAsync(runId);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.Browser.NewPageAsync();
        await page.GotoAsync(new Uri(server.BaseAddress, $"runs/{runId}").ToString());

        await page.ClickAsync("a.node-link[data-task='boom']");

        var panel = page.Locator("#task-panel .task-detail[data-task='boom']");
        await panel.WaitForAsync(new() { Timeout = 10_000 });
        var error = await panel.Locator(".task-error pre").InnerTextAsync();
        error.ShouldContain("command exited with code 3");
        error.ShouldContain("disk <full> & gone");
        (await panel.Locator("pre.log").InnerTextAsync()).ShouldContain("about to fail");
        await BrowserSession.ScreenshotAsync(page, "run-page-failed-task-panel");
    }

    [ChromiumFact]
    public async Task ActiveRun_NodeChangesColourWithoutReload()
    {
        await using var server = await ServerHarness.StartAsync();
        var flag = Path.Combine(server.Root, "release.flag");
        server.WritePipeline("wait.yaml", Pipelines.WaitsForFile("waiter", flag));
        await Api.RunApiTests.ReloadAsync(server);
        var runId = await server.StartRunAsync("waiter");
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.Browser.NewPageAsync();
        await page.GotoAsync(new Uri(server.BaseAddress, $"runs/{runId}").ToString());
        await page.EvaluateAsync("() => { window.__notReloaded = true; }");

        await WaitForFillAsync(page, "wait_for_file", Blue);
        (await FillAsync(page, "after")).ShouldBe(Grey);
        (await page.Locator("#run-gantt rect.bar[data-task='after']").CountAsync()).ShouldBe(0);
        await BrowserSession.ScreenshotAsync(page, "run-page-live-running");
        await File.WriteAllTextAsync(flag, "go");

        await WaitForFillAsync(page, "wait_for_file", Green);
        await WaitForFillAsync(page, "after", Green);
        (await page.EvaluateAsync<bool>("() => window.__notReloaded === true")).ShouldBeTrue();
        (await page.Locator("#run-state .badge").InnerTextAsync()).ShouldBe("succeeded");
        // The timeline is redrawn too: the task that had not started gets its bar, in its final state.
        await page.WaitForSelectorAsync("#run-gantt rect.bar.st-succeeded[data-task='after']", new() { Timeout = 30_000 });
        (await page.EvaluateAsync<bool>("() => window.__notReloaded === true")).ShouldBeTrue();
        await BrowserSession.ScreenshotAsync(page, "run-page-live-succeeded");
    }

    private static Task<string> FillAsync(IPage page, string task) =>
        page.EvalOnSelectorAsync<string>($"g.node[data-task='{task}'] rect", "r => getComputedStyle(r).fill");

    private static Task WaitForFillAsync(IPage page, string task, string colour) =>
        page.WaitForFunctionAsync(
            "([task, colour]) => { const r = document.querySelector(`g.node[data-task='${task}'] rect`); return r && getComputedStyle(r).fill === colour; }",
            new object[] { task, colour }, new() { Timeout = 30_000, PollingInterval = 100 });
}
