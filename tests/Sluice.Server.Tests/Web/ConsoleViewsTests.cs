using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Web;

/// <summary>The history and data views over real HTTP: run list columns, item pages, outputs and step tables, failing-row samples.</summary>
public sealed partial class ConsoleViewsTests
{
    [Fact]
    public async Task RunList_ShowsTriggerStartedEndedAndDurationInColumns()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["failing.yaml"] = Pipelines.Failing });
        var runId = await server.StartRunAsync("failing");
        var run = await server.WaitForRunAsync(runId);

        foreach (var path in new[] { "/runs", "/pipelines/failing" })
        {
            var html = await server.Client.GetStringAsync(path);
            html.ShouldContain("<th>Trigger</th><th>Created</th><th>Started</th><th>Ended</th><th class=\"num\">Duration</th>", Case.Sensitive, path);
            var row = Regex.Match(html, $"<tr data-run=\"{Regex.Escape(runId)}\">.*?</tr>", RegexOptions.Singleline).Value;
            row.ShouldContain($"<td class=\"trigger\">{run.GetProperty("trigger").GetString()}</td>", Case.Sensitive, path);
            row.ShouldContain($"<td class=\"started\">{run.GetProperty("started_at").GetDateTimeOffset().UtcDateTime:yyyy-MM-dd HH:mm:ss}Z</td>", Case.Sensitive, path);
            row.ShouldContain($"<td class=\"ended\">{run.GetProperty("ended_at").GetDateTimeOffset().UtcDateTime:yyyy-MM-dd HH:mm:ss}Z</td>", Case.Sensitive, path);
            DurationCell().IsMatch(row).ShouldBeTrue(row);
        }
    }

    [Fact]
    public async Task ItemPage_PagesAndFiltersTheItemsOfAForEachTask_AndTheApiSaysWhatIsWrong()
    {
        await using var server = await ServerHarness.StartAsync(new()
        {
            ["mapped.yaml"] = $$$"""
                id: mapped
                tasks:
                  - id: each
                    action: noop
                    for_each: "{{ [{{{string.Join(", ", Enumerable.Range(0, 250))}}}] }}"
                    parameters: {x: "{{ item }}"}
                """,
        });
        var runId = await server.StartRunAsync("mapped");
        (await server.WaitForRunAsync(runId)).GetProperty("state").GetString().ShouldBe("succeeded");

        var first = await server.Client.GetStringAsync($"/runs/{runId}/tasks/each/items");
        ItemRow().Matches(first).Select(static m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(Enumerable.Range(0, 100));
        first.ShouldContain($"href=\"/runs/{runId}/tasks/each/items?after=99\"");
        first.ShouldContain(">all 250</a>");
        var last = await server.Client.GetStringAsync($"/runs/{runId}/tasks/each/items?after=199");
        ItemRow().Count(last).ShouldBe(50);
        last.ShouldNotContain("id=\"next-page\"");
        last.ShouldContain("id=\"first-page\"");
        var none = await server.Client.GetStringAsync($"/runs/{runId}/tasks/each/items?state=failed");
        ItemRow().Count(none).ShouldBe(0);
        // Without a token, no sign-in is needed to act, so the page offers the boxes and the clear form with its form token.
        first.ShouldContain("name=\"items\" value=\"42\"");
        first.ShouldContain("name=\"csrf_token\"");

        var api = await server.GetJsonAsync($"api/runs/{runId}/tasks/each/items?after=239&limit=5");
        api.GetProperty("items").EnumerateArray().Select(static i => i.GetProperty("index").GetInt32()).ShouldBe([240, 241, 242, 243, 244]);
        api.GetProperty("next_after").GetInt32().ShouldBe(244);
        api.GetProperty("counts").GetProperty("succeeded").GetInt32().ShouldBe(250);
        api.GetProperty("items")[0].GetProperty("outputs").GetProperty("x").GetInt64().ShouldBe(240);
        using var bad = await server.Client.GetAsync($"api/runs/{runId}/tasks/each/items?state=broken");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("'broken' is not a task state");
        using var missing = await server.Client.GetAsync("api/runs/nope/tasks/each/items");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var panel = await server.Client.GetStringAsync($"/runs/{runId}/tasks/each/panel");
        panel.ShouldContain($"href=\"/runs/{runId}/tasks/each/items\"");
    }

    [Fact]
    public async Task TaskPanel_ShowsRowsPerStepAndReadableOutputs()
    {
        await using var server = await ServerHarness.StartAsync();
        var data = Path.Combine(server.Root, "orders.csv");
        await File.WriteAllTextAsync(data, "id,amount\n1,1\n2,2\n3,3\n4,4\n5,5\n");
        server.WritePipeline("shape.yaml", $$"""
            id: shape
            tasks:
              - id: shape
                action: apply_transformations
                parameters:
                  data: "{{data}}"
                  transformations:
                    - {name: big, filter: "amount > 2"}
                    - {name: small, filter: "amount < 5"}
                    - {name: ordered, sort: ["-amount"]}
              - id: say
                action: shell
                parameters: {command: "echo 'a > b & <c>'"}
            """);
        await Api.RunApiTests.ReloadAsync(server);
        var runId = await server.StartRunAsync("shape");
        (await server.WaitForRunAsync(runId)).GetProperty("state").GetString().ShouldBe("succeeded");

        var panel = await server.Client.GetStringAsync($"/runs/{runId}/tasks/shape/panel");
        Step(panel, "big").ShouldBe(["big", "filter", "5", "3", "-2", "", ""]);
        Step(panel, "small").ShouldBe(["small", "filter", "3", "2", "-1", "", ""]);
        Step(panel, "ordered").ShouldBe(["ordered", "sort", "2", "2", "0", "", ""]);

        var say = await server.Client.GetStringAsync($"/runs/{runId}/tasks/say/panel");
        // The output is a table row per output, HTML-escaped but never JSON-escaped (\u003E).
        say.ShouldContain("<tr data-output=\"stdout\"><th>stdout</th><td>a &gt; b &amp; &lt;c&gt;");
        say.ShouldNotContain("\\u003E");
        say.ShouldNotContain("\\u0026");
        say.ShouldContain("<details><summary>All outputs as JSON</summary><pre class=\"outputs\">{\n  &quot;");
    }

    [Fact]
    public async Task QualityPage_ShowsTheFailingRowSamplesOfTheLatestRun()
    {
        await using var server = await ServerHarness.StartAsync();
        var half = Path.Combine(server.Root, "half.csv");
        await File.WriteAllTextAsync(half, "id,category\n1,A\n2,\n3,B\n4,\n");
        server.WritePipeline("checked.yaml", """
            id: checked
            inputs:
              data: {type: string}
            tasks:
              - id: quality
                action: analyze_data_quality
                parameters:
                  data: "{{ inputs.data }}"
                  checks: ["missing_count(category) = 0"]
            """);
        await Api.RunApiTests.ReloadAsync(server);
        var runId = await server.StartRunAsync("checked", new { data = half });
        (await server.WaitForRunAsync(runId)).GetProperty("state").GetString().ShouldBe("succeeded");

        var html = await server.Client.GetStringAsync("/pipelines/checked/quality");

        html.ShouldContain($"<section class=\"failing-rows\" data-task=\"quality\" data-run=\"{runId}\">");
        var samples = Regex.Match(html, "<table class=\"grid small samples\">.*?</table>", RegexOptions.Singleline).Value;
        SampleRow().Count(samples).ShouldBe(2, samples);
        samples.ShouldContain("missing_count(category) = 0");
        samples.ShouldContain("<td>category</td>");
    }

    [Fact]
    public async Task QualityPage_AfterTheGateFailedTheTask_ShowsThatRunsFailingRowSamples()
    {
        await using var server = await ServerHarness.StartAsync();
        var clean = Path.Combine(server.Root, "clean.csv");
        await File.WriteAllTextAsync(clean, "id,category\n1,A\n2,B\n");
        var half = Path.Combine(server.Root, "half.csv");
        await File.WriteAllTextAsync(half, "id,category\n1,A\n2,\n3,B\n4,\n");
        server.WritePipeline("gated.yaml", """
            id: gated
            inputs:
              data: {type: string}
            tasks:
              - id: quality
                action: analyze_data_quality
                parameters:
                  data: "{{ inputs.data }}"
                  checks: ["missing_count(category) = 0"]
                  gates: [{metric: overall, min: 0.99, on_fail: fail_task}]
            """);
        await Api.RunApiTests.ReloadAsync(server);
        var passed = await server.StartRunAsync("gated", new { data = clean });
        (await server.WaitForRunAsync(passed)).GetProperty("state").GetString().ShouldBe("succeeded");
        var failed = await server.StartRunAsync("gated", new { data = half });
        (await server.WaitForRunAsync(failed)).GetProperty("state").GetString().ShouldBe("failed");

        var html = await server.Client.GetStringAsync("/pipelines/gated/quality");

        // The newest run's samples (from its log: the failed task stored no outputs), not the older passing run's empty list.
        html.ShouldContain($"<section class=\"failing-rows\" data-task=\"quality\" data-run=\"{failed}\">");
        html.ShouldContain("whose quality gate failed the task");
        var samples = Regex.Match(html, "<table class=\"grid small samples\">.*?</table>", RegexOptions.Singleline).Value;
        SampleRow().Count(samples).ShouldBe(2, samples);
        samples.ShouldContain("<td>category</td>");
        // The API has them too, as the task's log lines on their own stream.
        var logs = await server.GetJsonAsync($"api/runs/{failed}/logs?task=quality");
        logs.GetProperty("lines").EnumerateArray().Count(static l => l.GetProperty("stream").GetString() == "failing_rows").ShouldBe(2);
    }

    [Fact]
    public async Task Grid_AfterAMarkEndsTheRunAgain_ShowsTheNewStatesNotTheHeldOnes()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["failing.yaml"] = Pipelines.Failing });
        var runId = await server.StartRunAsync("failing");
        (await server.WaitForRunAsync(runId)).GetProperty("state").GetString().ShouldBe("failed");
        (await server.Client.GetStringAsync("/pipelines/failing/grid")).ShouldContain("<tr data-task=\"boom\"><th class=\"task\">boom</th><td class=st-failed>");

        using var mark = await server.Client.PostAsJsonAsync($"api/runs/{runId}/tasks/boom/mark", new { state = "succeeded", reason = "fixed by hand" });
        ((int)mark.StatusCode).ShouldBe(202, await mark.Content.ReadAsStringAsync());
        await ServerHarness.WaitForAsync(async () => (await server.GetJsonAsync($"api/runs/{runId}")).GetProperty("state").GetString() == "succeeded" ? true : (bool?)null, 60, "the marked run to end");

        var grid = await server.Client.GetStringAsync("/pipelines/failing/grid");
        grid.ShouldContain("<tr data-task=\"boom\"><th class=\"task\">boom</th><td class=st-succeeded>");
        grid.ShouldContain("<tr data-task=\"never\"><th class=\"task\">never</th><td class=st-succeeded>");
    }

    private static string[] Step(string html, string name)
    {
        var row = Regex.Match(html, $"<tr data-step=\"{name}\">(.*?)</tr>", RegexOptions.Singleline);
        row.Success.ShouldBeTrue(html);
        return [.. Regex.Matches(row.Groups[1].Value, "<td[^>]*>(.*?)</td>").Select(static m => m.Groups[1].Value)];
    }

    [GeneratedRegex("<td class=\"duration num\">[0-9][^<]*</td>")]
    private static partial Regex DurationCell();

    [GeneratedRegex("<tr data-item=\"([0-9]+)\">")]
    private static partial Regex ItemRow();

    [GeneratedRegex("<tr><td>missing_count")]
    private static partial Regex SampleRow();
}
