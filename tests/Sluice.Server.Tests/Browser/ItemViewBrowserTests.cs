using Microsoft.Playwright;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Browser;

/// <summary>The item view of a <c>for_each</c> task in Debian's chromium, with an API token set: filter by state, tick items, clear them.</summary>
public sealed class ItemViewBrowserTests
{
    private const string Token = "item-view-token-0123456789";

    //   each (30 items; 7 and 17 fail until the flag exists, 27 always fails) ──► report
    private static string Fanout(string flag) => $$$"""
        id: fanout
        tasks:
          - id: each
            action: shell
            for_each: "{{ [{{{string.Join(", ", Enumerable.Range(0, 30))}}}] }}"
            parameters:
              command: |
                case {{ item }} in 7|17) test -f '{{{flag}}}' || { echo "item {{ item }} not ready" >&2; exit 3; } ;; 27) echo "item 27 is broken" >&2; exit 3 ;; esac
          - id: report
            action: shell
            dependencies: [each]
            parameters: {command: "echo done"}
        """;

    [ChromiumFact]
    public async Task ItemView_FilterFailed_ClearTwoChosenItems_OnlyThoseRunAgain()
    {
        await using var server = await ServerHarness.StartAsync(null, o => o with { Token = Token });
        server.Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        var flag = Path.Combine(server.Root, "ready.flag");
        server.WritePipeline("fanout.yaml", Fanout(flag));
        await Api.RunApiTests.ReloadAsync(server);
        var runId = await server.StartRunAsync("fanout");
        (await server.WaitForRunAsync(runId)).GetProperty("state").GetString().ShouldBe("failed");
        await File.WriteAllTextAsync(flag, "ok");
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.Browser.NewPageAsync();
        var asked = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            asked.Add(dialog.Message);
            await dialog.AcceptAsync();
        };
        await page.GotoAsync(Url(server, "login"));
        await page.FillAsync("input[name='token']", Token);
        await page.ClickAsync("form button[type='submit']");
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));

        // From the run page's task panel to the item view, then only the failed items.
        await page.GotoAsync(Url(server, $"runs/{runId}?task=each#task-panel"));
        await page.ClickAsync("#task-panel a.items-link");
        (await page.Locator("#items tbody tr").CountAsync()).ShouldBe(30);
        (await page.Locator("#item-filters a[data-state='failed']").InnerTextAsync()).ShouldContain("3");
        (await page.Locator("#item-filters a[data-state='succeeded']").InnerTextAsync()).ShouldContain("27");
        await page.ClickAsync("#item-filters a[data-state='failed']");
        await page.WaitForURLAsync("**/items?state=failed");
        (await page.Locator("#items tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.getAttribute('data-item'))")).ShouldBe(["7", "17", "27"]);
        (await page.Locator("#items tr[data-item='17'] td.why").InnerTextAsync()).ShouldContain("exited with code 3");
        await BrowserSession.ScreenshotAsync(page, "console-items-failed");

        await page.CheckAsync("#items tr[data-item='7'] input[name='items']");
        await page.CheckAsync("#items tr[data-item='17'] input[name='items']");
        await page.ClickAsync("#clear-items");

        await page.WaitForURLAsync("**/items", new() { WaitUntil = WaitUntilState.Commit });
        var run = await server.WaitForRunAsync(runId);
        // 7 and 17 ran a second time and succeeded; item 27 still fails (the run's resume retries it too), so the run fails
        // again; the succeeded items were not run again.
        run.GetProperty("state").GetString().ShouldBe("failed");
        var items = await server.GetJsonAsync($"api/runs/{runId}/tasks/each/items?limit=100");
        var byIndex = items.GetProperty("items").EnumerateArray().ToDictionary(static i => i.GetProperty("index").GetInt32());
        byIndex[7].GetProperty("state").GetString().ShouldBe("succeeded");
        byIndex[7].GetProperty("attempts").GetInt32().ShouldBe(2);
        byIndex[17].GetProperty("state").GetString().ShouldBe("succeeded");
        byIndex[27].GetProperty("state").GetString().ShouldBe("failed");
        byIndex[3].GetProperty("attempts").GetInt32().ShouldBe(1);
        items.GetProperty("counts").GetProperty("failed").GetInt32().ShouldBe(1);
        asked.ShouldHaveSingleItem().ShouldContain("Clear the chosen items of each");
        var audit = await server.GetJsonAsync($"api/audit?run={Uri.EscapeDataString(runId)}");
        audit[0].GetProperty("action").GetString().ShouldBe("clear");
        audit[0].GetProperty("actor").GetString()!.ShouldStartWith("ui session");

        await page.GotoAsync(Url(server, $"runs/{runId}/tasks/each/items?state=failed"));
        (await page.Locator("#items tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.getAttribute('data-item'))")).ShouldBe(["27"]);
        await page.GotoAsync(Url(server, $"runs/{runId}/tasks/each/items"));
        (await page.Locator("#items tr[data-item='7'] td:nth-child(4)").InnerTextAsync()).ShouldBe("2", "attempts of the cleared item");
        (await page.Locator("#items tr[data-item='7'] td:nth-child(5)").InnerTextAsync()).ShouldBe("1", "its retries");
        (await page.Locator("#items tr[data-item='3'] td:nth-child(5)").InnerTextAsync()).ShouldBe("0", "an item that ran once");
        await BrowserSession.ScreenshotAsync(page, "console-items-cleared");
    }

    [ChromiumFact]
    public async Task ItemView_ClearWithNoBoxTicked_IsRefusedAndClearsNothing()
    {
        await using var server = await ServerHarness.StartAsync(null, o => o with { Token = Token });
        server.Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        server.WritePipeline("fanout.yaml", Fanout(Path.Combine(server.Root, "never.flag")));
        await Api.RunApiTests.ReloadAsync(server);
        var runId = await server.StartRunAsync("fanout");
        (await server.WaitForRunAsync(runId)).GetProperty("state").GetString().ShouldBe("failed");
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.Browser.NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GotoAsync(Url(server, "login?next=" + Uri.EscapeDataString($"/runs/{runId}/tasks/each/items")));
        await page.FillAsync("input[name='token']", Token);
        await page.ClickAsync("form button[type='submit']");
        await page.WaitForSelectorAsync("#clear-items");
        var audited = (await server.GetJsonAsync($"api/audit?run={Uri.EscapeDataString(runId)}")).GetArrayLength();

        await page.ClickAsync("#clear-items");

        (await page.Locator("#refusal").InnerTextAsync()).ShouldContain("no items were chosen");
        (await server.GetJsonAsync($"api/audit?run={Uri.EscapeDataString(runId)}")).GetArrayLength().ShouldBe(audited);
        var items = await server.GetJsonAsync($"api/runs/{runId}/tasks/each/items");
        items.GetProperty("items").EnumerateArray().ShouldAllBe(static i => i.GetProperty("attempts").GetInt32() == 1);
    }

    private static string Url(ServerHarness server, string path) => new Uri(server.BaseAddress, path).ToString();
}
