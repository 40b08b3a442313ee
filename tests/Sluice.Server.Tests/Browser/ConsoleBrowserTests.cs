using System.Text.Json;
using Microsoft.Playwright;
using Sluice.Server.Tests.Testing;
using Sluice.Tests.Quality;

namespace Sluice.Server.Tests.Browser;

/// <summary>The operator console in Debian's chromium: every action through the UI's own forms, with the confirmations they ask.</summary>
public sealed class ConsoleBrowserTests
{
    private const string Token = "console-test-token-0123456789";

    private const string Typed = """
        id: typed
        inputs:
          mode: {type: string, enum: [full, incremental], default: incremental}
          batch: {type: integer, default: 10}
          dry_run: {type: bool, default: false}
        tasks:
          - id: show
            action: shell
            parameters: {command: "echo mode={{ inputs.mode }} batch={{ inputs.batch }}"}
        """;

    [ChromiumFact]
    public async Task TriggerForm_WithATokenSet_ShowsTheFieldsErrorThenStartsTheRun()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["typed.yaml"] = Typed }, o => o with { Token = Token });
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.Browser.NewPageAsync();
        await SignInAsync(page, server);
        await page.GotoAsync(Url(server, "pipelines/typed"));
        await page.ClickAsync("#trigger-link button");

        // Typed fields: the enum is a select with its default chosen, defaults are filled in.
        (await page.Locator("select[name='in.mode'] option").AllInnerTextsAsync()).ShouldBe(["full", "incremental"]);
        (await page.InputValueAsync("select[name='in.mode']")).ShouldBe("incremental");
        (await page.InputValueAsync("input[name='in.batch']")).ShouldBe("10");
        await page.SelectOptionAsync("select[name='in.mode']", "full");
        await page.FillAsync("input[name='in.batch']", "ten");
        await page.ClickAsync("#trigger-submit");

        var error = page.Locator("p.field-error[data-field='inputs.batch']");
        (await error.InnerTextAsync()).ShouldContain("batch");
        (await page.Locator("p.field-error").CountAsync()).ShouldBe(1);
        (await page.InputValueAsync("select[name='in.mode']")).ShouldBe("full");
        await BrowserSession.ScreenshotAsync(page, "console-trigger-form-error");
        (await server.RunsOfAsync("typed")).Count.ShouldBe(0);

        await page.FillAsync("input[name='in.batch']", "25");
        using var traffic = PageTraffic.Record(page);
        await page.ClickAsync("#trigger-submit");
        // Only the redirect matters here (the run is then read through the API). This wait timed out once in many full
        // runs on a loaded machine; the failure now carries the page's traffic and HTML to say why.
        await BrowserSession.WaitForUrlAsync(page, url => url.Contains("/runs/", StringComparison.Ordinal), "console-trigger-form", traffic);
        var runId = Uri.UnescapeDataString(new Uri(page.Url).AbsolutePath["/runs/".Length..]);
        var run = await server.WaitForRunAsync(runId);
        run.GetProperty("state").GetString().ShouldBe("succeeded");
        run.GetProperty("trigger").GetString().ShouldBe("ui");
        run.GetProperty("inputs").GetProperty("mode").GetString().ShouldBe("full");
        run.GetProperty("inputs").GetProperty("batch").GetInt64().ShouldBe(25);
        var audit = await server.GetJsonAsync($"api/audit?run={Uri.EscapeDataString(runId)}");
        audit[0].GetProperty("action").GetString().ShouldBe("trigger");
        audit[0].GetProperty("actor").GetString()!.ShouldStartWith("ui session");
        await page.ReloadAsync();
        await BrowserSession.ScreenshotAsync(page, "console-trigger-form-started");
    }

    [ChromiumFact]
    public async Task TriggerForm_FullRefreshBox_ReadsIncrementalSourcesInFullAgain()
    {
        const string incremental = """
            id: incremental
            inputs:
              source_dir: {type: string, required: true}
            tasks:
              - id: ingest
                action: ingest_from_sources
                parameters: {source: "{{ inputs.source_dir }}", format: csv, incremental: true}
                outputs: [raw_data, ingestion_stats]
            result:
              files_read: "{{ ingest.ingestion_stats.files_read }}"
            """;
        await using var server = await ServerHarness.StartAsync(new() { ["incremental.yaml"] = incremental });
        var source = Path.Combine(server.Root, "orders");
        Directory.CreateDirectory(source);
        await File.WriteAllTextAsync(Path.Combine(source, "a.csv"), "order_id,amount\n1,10\n");
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.Browser.NewPageAsync();

        async Task<long> TriggerAsync(bool fullRefresh)
        {
            await page.GotoAsync(Url(server, "pipelines/incremental"));
            await page.ClickAsync("#trigger-link button");
            await page.FillAsync("input[name='in.source_dir']", source);
            if (fullRefresh)
            {
                await page.CheckAsync("#full_refresh");
            }
            await page.ClickAsync("#trigger-submit");
            await page.WaitForURLAsync(url => url.Contains("/runs/", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit, Timeout = 90_000 });
            var run = await server.WaitForRunAsync(Uri.UnescapeDataString(new Uri(page.Url).AbsolutePath["/runs/".Length..]));
            run.GetProperty("state").GetString().ShouldBe("succeeded", run.ToString());
            return run.GetProperty("result").GetProperty("files_read").GetInt64();
        }

        (await TriggerAsync(fullRefresh: false)).ShouldBe(1);
        (await TriggerAsync(fullRefresh: false)).ShouldBe(0);
        (await TriggerAsync(fullRefresh: true)).ShouldBe(1);
        var audit = await server.GetJsonAsync("api/audit");
        audit.EnumerateArray().Single(static e => e.GetProperty("action").GetString() == "full_refresh").GetProperty("actor").GetString()!.ShouldStartWith("ui");
    }

    [ChromiumFact]
    public async Task CancelButton_AsksThenCancelsTheRunningRun()
    {
        await using var server = await ServerHarness.StartAsync();
        server.WritePipeline("wait.yaml", Pipelines.WaitsForFile("waiter", Path.Combine(server.Root, "never.flag")));
        await Api.RunApiTests.ReloadAsync(server);
        var runId = await server.StartRunAsync("waiter");
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.Browser.NewPageAsync();
        var asked = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            asked.Add(dialog.Message);
            // The first confirmation is declined: nothing may happen.
            if (asked.Count == 1)
            {
                await dialog.DismissAsync();
            }
            else
            {
                await dialog.AcceptAsync();
            }
        };
        await page.GotoAsync(Url(server, $"runs/{runId}"));
        await page.WaitForSelectorAsync("g.node.st-running[data-task='wait_for_file']", new() { Timeout = 30_000 });

        await page.ClickAsync("#cancel-run");
        server.IsExecuting(runId).ShouldBeTrue();
        await page.ClickAsync("#cancel-run");

        var run = await server.WaitForRunAsync(runId);
        run.GetProperty("state").GetString().ShouldBe("cancelled");
        asked.Count.ShouldBe(2);
        asked[0].ShouldContain("Cancel run");
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("#resume-run");
        await BrowserSession.ScreenshotAsync(page, "console-run-cancelled");
    }

    [ChromiumFact]
    public async Task ClearFailedTask_ItAndItsDownstreamRunAgainInTheSameRun()
    {
        await using var server = await ServerHarness.StartAsync();
        var flag = Path.Combine(server.Root, "fixed.flag");
        server.WritePipeline("flaky.yaml", $$"""
            id: flaky
            tasks:
              - id: first
                action: shell
                parameters: {command: "echo first"}
              - id: load
                action: shell
                parameters: {command: "test -f '{{flag}}' || { echo 'source not ready' >&2; exit 4; }"}
                dependencies: [first]
              - id: report
                action: shell
                parameters: {command: "echo report"}
                dependencies: [load]
            """);
        await Api.RunApiTests.ReloadAsync(server);
        var runId = await server.StartRunAsync("flaky");
        (await server.WaitForRunAsync(runId)).GetProperty("state").GetString().ShouldBe("failed");
        await File.WriteAllTextAsync(flag, "ok");
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.Browser.NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GotoAsync(Url(server, $"runs/{runId}?task=load#task-panel"));

        await page.ClickAsync("#task-panel form.clear-task button");

        await page.WaitForFunctionAsync("() => document.querySelector('#run-state .badge')?.textContent === 'succeeded'", null, new() { Timeout = 60_000, PollingInterval = 200 });
        var run = await server.WaitForRunAsync(runId);
        run.GetProperty("state").GetString().ShouldBe("succeeded");
        var tasks = (await server.GetJsonAsync($"api/runs/{runId}/tasks")).GetProperty("tasks").EnumerateArray().ToDictionary(t => t.GetProperty("id").GetString()!);
        tasks["load"].GetProperty("state").GetString().ShouldBe("succeeded");
        tasks["load"].GetProperty("attempts").GetInt32().ShouldBe(2);
        tasks["report"].GetProperty("state").GetString().ShouldBe("succeeded");
        tasks["first"].GetProperty("attempts").GetInt32().ShouldBe(1);
        await page.ReloadAsync();
        // The Gantt chart shows both attempts of the cleared task, the failed one and the one that succeeded.
        (await page.Locator("#run-gantt rect.bar.st-failed[data-task='load'][data-attempt='1']").CountAsync()).ShouldBe(1);
        (await page.Locator("#run-gantt rect.bar.st-succeeded[data-task='load'][data-attempt='2']").CountAsync()).ShouldBe(1);
        var audit = await server.GetJsonAsync($"api/audit?run={Uri.EscapeDataString(runId)}");
        audit[0].GetProperty("action").GetString().ShouldBe("clear");
        audit[0].GetProperty("detail").GetString()!.ShouldContain("load");
        await BrowserSession.ScreenshotAsync(page, "console-cleared-and-rerun");
    }

    [ChromiumFact]
    public async Task MarkSucceeded_WithAReason_LetsTheDownstreamRunAndTheRunSucceed()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["failing.yaml"] = Pipelines.Failing });
        var runId = await server.StartRunAsync("failing");
        (await server.WaitForRunAsync(runId)).GetProperty("state").GetString().ShouldBe("failed");
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.Browser.NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GotoAsync(Url(server, $"runs/{runId}?task=boom#task-panel"));

        await page.SelectOptionAsync("#task-panel form.mark-task select[name='state']", "succeeded");
        await page.FillAsync("#task-panel form.mark-task input[name='reason']", "loaded by hand from the backup");
        await page.ClickAsync("#task-panel form.mark-task button");

        var run = await server.WaitForRunAsync(runId);
        run.GetProperty("state").GetString().ShouldBe("succeeded");
        var tasks = (await server.GetJsonAsync($"api/runs/{runId}/tasks")).GetProperty("tasks").EnumerateArray().ToDictionary(t => t.GetProperty("id").GetString()!);
        tasks["boom"].GetProperty("state").GetString().ShouldBe("succeeded");
        tasks["never"].GetProperty("state").GetString().ShouldBe("succeeded");
        var log = await server.GetJsonAsync($"api/runs/{runId}/logs?task=boom");
        log.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("text").GetString()).ShouldContain(t => t!.Contains("loaded by hand from the backup"));
        await page.GotoAsync(Url(server, $"runs/{runId}?task=boom#task-panel"));
        await BrowserSession.ScreenshotAsync(page, "console-marked-succeeded");
    }

    [ChromiumFact]
    public async Task PauseSchedule_StopsTheNextFireUntilUnpaused()
    {
        await using var server = await ServerHarness.StartAsync(new()
        {
            ["hourly.yaml"] = """
                id: hourly
                triggers:
                  - {type: interval, every: 1h}
                tasks:
                  - id: t
                    action: noop
                """,
        });
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.Browser.NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GotoAsync(Url(server, "pipelines/hourly"));
        await page.WaitForSelectorAsync("[data-next-fire]");

        await page.ClickAsync("#pause");

        await page.WaitForSelectorAsync("#paused");
        await ServerHarness.WaitForAsync(async () =>
            (await server.GetJsonAsync("api/pipelines/hourly")).GetProperty("next_fire_at").ValueKind == JsonValueKind.Null ? true : (bool?)null, 30, "the schedule to stop");
        await page.ReloadAsync();
        (await page.Locator("[data-next-fire]").CountAsync()).ShouldBe(0);
        await BrowserSession.ScreenshotAsync(page, "console-schedule-paused");
        var audit = await server.GetJsonAsync("api/audit?pipeline=hourly");
        audit[0].GetProperty("action").GetString().ShouldBe("pause");

        await page.ClickAsync("#unpause");
        await ServerHarness.WaitForAsync(async () =>
            (await server.GetJsonAsync("api/pipelines/hourly")).GetProperty("next_fire_at").ValueKind == JsonValueKind.String ? true : (bool?)null, 30, "the schedule to come back");
        (await page.Locator("#paused").CountAsync()).ShouldBe(0);
    }

    [ChromiumFact]
    public async Task Backfill_FromThePipelinePage_RunsEveryScheduledDateOfTheRange()
    {
        await using var server = await ServerHarness.StartAsync(new()
        {
            ["daily.yaml"] = """
                id: daily
                triggers:
                  - {type: cron, cron: "0 2 * * *"}
                tasks:
                  - id: t
                    action: shell
                    parameters: {command: "echo {{ run.logical_date }}"}
                """,
        });
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.Browser.NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GotoAsync(Url(server, "pipelines/daily"));

        await page.FillAsync("form.backfill input[name='from']", "2026-01-01");
        await page.FillAsync("form.backfill input[name='to']", "2026-01-03T23:00:00Z");
        await page.FillAsync("form.backfill input[name='max_active']", "2");
        await page.ClickAsync("#backfill");

        await page.WaitForURLAsync("**/runs?pipeline=daily");
        string[] expected = ["daily@20260101T020000Z", "daily@20260102T020000Z", "daily@20260103T020000Z"];
        foreach (var id in expected)
        {
            var run = await ServerHarness.WaitForAsync(async () =>
            {
                using var response = await server.Client.GetAsync($"api/runs/{Uri.EscapeDataString(id)}");
                return response.IsSuccessStatusCode ? (bool?)true : null;
            }, 60, $"run {id} to exist");
            run.ShouldBeTrue();
            var ended = await server.WaitForRunAsync(id);
            ended.GetProperty("state").GetString().ShouldBe("succeeded");
            ended.GetProperty("trigger").GetString().ShouldBe("backfill");
        }
        (await server.RunsOfAsync("daily")).Count.ShouldBe(3);
        (await server.GetJsonAsync("api/audit?pipeline=daily"))[0].GetProperty("action").GetString().ShouldBe("backfill");
        await page.ReloadAsync();
        await BrowserSession.ScreenshotAsync(page, "console-backfill-runs");
    }

    [ChromiumFact]
    public async Task Grid_Of50Runs_ColoursCellsAndOpensTheTaskOfACell()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["failing.yaml"] = Pipelines.Failing });
        var ids = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            ids.Add(await server.StartRunAsync("failing"));
        }
        foreach (var id in ids)
        {
            await server.WaitForRunAsync(id);
        }
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.Browser.NewPageAsync();
        await page.GotoAsync(Url(server, "pipelines/failing/grid?runs=50"));

        (await page.Locator("#run-grid thead th.run").CountAsync()).ShouldBe(50);
        (await page.Locator("#run-grid tr[data-task='boom'] td.st-failed").CountAsync()).ShouldBe(50);
        (await page.Locator("#run-grid tr[data-task='never'] td.st-upstream_failed").CountAsync()).ShouldBe(50);
        (await page.EvalOnSelectorAsync<string>("#run-grid tr[data-task='ok'] td", "c => getComputedStyle(c).backgroundColor")).ShouldBe("rgb(26, 127, 55)");
        await BrowserSession.ScreenshotAsync(page, "console-grid-50-runs");

        var newest = (await page.GetAttributeAsync("#run-grid thead th.run:last-child", "data-run"))!;
        ids.ShouldContain(newest);
        await page.ClickAsync("#run-grid tr[data-task='boom'] td:last-child");
        await page.WaitForSelectorAsync("#task-panel .task-detail[data-task='boom']");
        page.Url.ShouldContain(Uri.EscapeDataString(newest));
    }

    [ChromiumFact]
    public async Task QualityPage_AfterThreeRuns_ChartsEachScoreOverTheRuns()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["checked.yaml"] = QualityTrendPipeline.Yaml });
        var (half, full) = await QualityTrendPipeline.WriteDataAsync(server.Root);
        foreach (var data in new[] { half, full, half })
        {
            (await server.WaitForRunAsync(await server.StartRunAsync("checked", new { data }))).GetProperty("state").GetString().ShouldBe("succeeded");
        }
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.Browser.NewPageAsync();
        await page.GotoAsync(Url(server, "pipelines/checked/quality"));

        var chart = page.Locator("figure.chart[data-task='quality'][data-metric='completeness']");
        (await chart.Locator("circle").CountAsync()).ShouldBe(3);
        var points = (await chart.Locator("polyline").GetAttributeAsync("points"))!.Split(' ').Select(p => double.Parse(p.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        // Completeness 0.5, 1.0, 0.5: the middle point is higher (a smaller y) than both ends.
        points.Count.ShouldBe(3);
        points[1].ShouldBeLessThan(points[0]);
        points[2].ShouldBe(points[0]);
        await BrowserSession.ScreenshotAsync(page, "console-quality-trend");
    }

    private static string Url(ServerHarness server, string path) => new Uri(server.BaseAddress, path).ToString();

    private static async Task SignInAsync(IPage page, ServerHarness server)
    {
        await page.GotoAsync(Url(server, "login"));
        await page.FillAsync("input[name='token']", Token);
        await page.ClickAsync("form button[type='submit']");
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
    }
}
