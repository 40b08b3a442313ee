using System.Net;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Web;

public sealed class PagesTests
{
    private const string Hostile = """
        id: hostile
        name: "<img src=x onerror=alert(1)>"
        metadata: {description: "<script>alert('d')</script>"}
        tasks:
          - id: speak
            action: shell
            parameters: {command: "echo '<script>alert(2)</script>'; echo '<b>bold</b> & more' >&2; exit 1"}
        """;

    [Fact]
    public async Task TaskPanel_ListsTheTasksAutoDecisions()
    {
        var data = Path.Combine(Path.GetTempPath(), "sluice-auto-" + Guid.NewGuid().ToString("N")[..8] + ".csv");
        await File.WriteAllTextAsync(data, "amount\n" + string.Join("\n", Enumerable.Range(1, 12)) + "\n");
        try
        {
            await using var server = await ServerHarness.StartAsync(new()
            {
                ["auto.yaml"] = $$"""
                    id: auto
                    tasks:
                      - id: detect
                        action: run_anomaly_detection
                        parameters: {data: "{{data}}", method: <AUTO>use the iqr method</AUTO>}
                    """,
            });
            var runId = await server.StartRunAsync("auto");
            await server.WaitForRunAsync(runId);

            var panel = await server.Client.GetStringAsync($"/runs/{runId}/tasks/detect/panel");

            panel.ShouldContain("<h3>&lt;AUTO&gt; decisions</h3>");
            panel.ShouldContain("<li>AUTO method = iqr — heuristic: the hint names &#39;iqr&#39; (the task has no model)</li>");
        }
        finally
        {
            File.Delete(data);
        }
    }

    [Fact]
    public async Task EveryPage_EscapesValuesFromPipelinesErrorsAndLogs()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hostile.yaml"] = Hostile });
        var runId = await server.StartRunAsync("hostile");
        await server.WaitForRunAsync(runId);

        foreach (var path in new[] { "/", "/pipelines/hostile", "/runs", $"/runs/{runId}", $"/runs/{runId}?task=speak", $"/runs/{runId}/tasks/speak/panel" })
        {
            var html = await server.Client.GetStringAsync(path);
            html.ShouldNotContain("<script>alert", Case.Insensitive, path);
            html.ShouldNotContain("<img src=x", Case.Insensitive, path);
            html.ShouldNotContain("<b>bold", Case.Insensitive, path);
        }
        var panel = await server.Client.GetStringAsync($"/runs/{runId}?task=speak");
        panel.ShouldContain("&lt;script&gt;alert(2)&lt;/script&gt;");
        panel.ShouldContain("&lt;b&gt;bold&lt;/b&gt; &amp; more");
        (await server.Client.GetStringAsync("/pipelines/hostile")).ShouldContain("&lt;script&gt;alert(&#39;d&#39;)&lt;/script&gt;");
    }

    [Fact]
    public async Task RunPage_DrawsOneNodePerTaskWithItsState_AndAGanttBar()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["failing.yaml"] = Pipelines.Failing });
        var runId = await server.StartRunAsync("failing");
        await server.WaitForRunAsync(runId);

        var html = await server.Client.GetStringAsync($"/runs/{runId}");

        html.ShouldContain("class=\"node st-succeeded\" data-task=\"ok\"");
        html.ShouldContain("class=\"node st-failed\" data-task=\"boom\"");
        html.ShouldContain("class=\"node st-upstream_failed\" data-task=\"never\"");
        html.ShouldContain("class=\"bar st-failed\" data-task=\"boom\"");
        html.ShouldContain("<script src=\"/assets/run.js\" defer></script>");
    }

    [Fact]
    public async Task MappedTask_IsOneNodeWithItemCounts()
    {
        const string mapped = """
            id: mapped
            tasks:
              - id: each
                action: noop
                for_each: "{{ [1, 2, 3, 4] }}"
                parameters: {x: "{{ item }}"}
            """;
        await using var server = await ServerHarness.StartAsync(new() { ["mapped.yaml"] = mapped });
        var runId = await server.StartRunAsync("mapped");
        await server.WaitForRunAsync(runId);

        var html = await server.Client.GetStringAsync($"/runs/{runId}");
        html.Split("class=\"node ").Length.ShouldBe(2);
        html.ShouldContain("succeeded · 4/4 items");
        var tasks = await server.GetJsonAsync($"api/runs/{runId}/tasks");
        tasks.GetProperty("tasks")[0].GetProperty("items").GetInt32().ShouldBe(4);
    }

    [Fact]
    public async Task UnknownRunPage_Is404()
    {
        await using var server = await ServerHarness.StartAsync();
        using var response = await server.Client.GetAsync("/runs/nope");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Run not found");
    }

    [Fact]
    public async Task Assets_AreServed()
    {
        await using var server = await ServerHarness.StartAsync();
        (await server.Client.GetStringAsync("/assets/site.css")).ShouldContain(".st-failed");
        (await server.Client.GetStringAsync("/assets/run.js")).ShouldContain("/tasks");
    }
}
