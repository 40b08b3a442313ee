using Microsoft.Extensions.DependencyInjection;
using Sluice.Hosting;
using Sluice.Server.Reports;
using Sluice.Server.Tests.Browser;
using Sluice.Server.Tests.Testing;
using Sluice.Stores;

namespace Sluice.Server.Tests.Reports;

/// <summary>The HTML report of a run opened from disk in Debian's chromium: it draws its DAG, timeline and quality chart and fetches nothing.</summary>
public sealed class RunHtmlReportBrowserTests
{
    //   load ──▶ quality
    //        └─▶ keep (drops the row without a category)
    // load only references the file; quality and keep stream its 4 rows, keep writes 3.
    private const string Checked = """
        id: checked_report
        inputs:
          data: {type: string}
        tasks:
          - id: load
            action: ingest_from_sources
            parameters: {source: "{{ inputs.data }}"}
            outputs: [raw_data]
          - id: quality
            action: analyze_data_quality
            parameters:
              data: "{{ load.raw_data }}"
              checks: ["missing_count(category) = 0"]
            dependencies: [load]
            outputs: [quality_scores]
          - id: keep
            action: apply_transformations
            parameters:
              data: "{{ load.raw_data }}"
              transformations:
                - filter: "category is not None"
            dependencies: [load]
            outputs: [transformed_data]
        """;

    [ChromiumFact]
    public async Task Report_OpenedOffline_ShowsDagTimelineAndQualityChart()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["checked.yaml"] = Checked });
        var data = Path.Combine(server.Root, "orders.csv");
        await File.WriteAllTextAsync(data, "id,category\n1,A\n2,\n3,B\n4,C\n");
        var runId = await server.StartRunAsync("checked_report", new { data });
        (await server.WaitForRunAsync(runId)).GetProperty("state").GetString().ShouldBe("succeeded");
        var store = server.Services.GetRequiredService<SluiceStore>();
        var html = await RunHtmlReport.BuildAsync(store.State, runId, SluiceActions.Create(), TimeProvider.System);
        var file = Path.Combine(server.Root, "report.html");
        await File.WriteAllTextAsync(file, html.ShouldNotBeNull());

        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.Browser.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, r) => requests.Add(r.Url);
        await page.GotoAsync(new Uri(file).AbsoluteUri);

        (await page.Locator("svg.dag a.node-link").CountAsync()).ShouldBe(3);
        (await page.Locator("svg.dag .edges path, svg.dag .edges line").CountAsync()).ShouldBeGreaterThanOrEqualTo(1);
        (await page.Locator("svg.gantt rect").CountAsync()).ShouldBeGreaterThanOrEqualTo(2);
        var bars = page.Locator("svg.chart.quality rect.bar");
        (await bars.CountAsync()).ShouldBeGreaterThanOrEqualTo(2);
        var box = await bars.First.BoundingBoxAsync();
        box.ShouldNotBeNull().Width.ShouldBeGreaterThan(0);
        (await page.Locator("#task-quality").InnerTextAsync()).ShouldContain("succeeded");
        // Columns: task, state, attempts, duration, rows in, rows out. The rows a task streamed are its rows in even
        // when the handle it was given had no count; load read nothing (its handle names the file) and has none.
        (await RowsAsync(page, "load")).ShouldBe(("", ""));
        (await RowsAsync(page, "quality")).In.ShouldBe("4");
        (await RowsAsync(page, "keep")).ShouldBe(("4", "3"));
        requests.ShouldBe([new Uri(file).AbsoluteUri], "the report must load nothing but itself");
        await BrowserSession.ScreenshotAsync(page, "run-report-html");
    }

    private static async Task<(string In, string Out)> RowsAsync(Microsoft.Playwright.IPage page, string task)
    {
        var cells = page.Locator($"#task-{task} td");
        return ((await cells.Nth(4).InnerTextAsync()).Trim(), (await cells.Nth(5).InnerTextAsync()).Trim());
    }
}
