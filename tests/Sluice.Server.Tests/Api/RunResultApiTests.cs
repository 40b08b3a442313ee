using System.Text.Json;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Api;

/// <summary>The pipeline's <c>result</c> is part of the run resource and the run page.</summary>
public sealed class RunResultApiTests
{
    private const string Counted = """
        id: counted
        tasks:
          - id: count
            action: shell
            parameters: {command: "echo 42"}
            outputs: [stdout]
        result: {rows: "{{ int(count.stdout) }}", note: "<script>alert(1)</script>"}
        """;

    [Fact]
    public async Task GetRun_Succeeded_ReturnsTheResultAsJson_AndTheRunPageShowsItEscaped()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["counted.yaml"] = Counted });
        var runId = await server.StartRunAsync("counted");

        var run = await server.WaitForRunAsync(runId);

        run.GetProperty("state").GetString().ShouldBe("succeeded");
        var result = run.GetProperty("result");
        result.ValueKind.ShouldBe(JsonValueKind.Object);
        result.GetProperty("rows").GetInt64().ShouldBe(42);
        result.GetProperty("note").GetString().ShouldBe("<script>alert(1)</script>");
        (await server.RunsOfAsync("counted")).ShouldHaveSingleItem().GetProperty("result").GetProperty("rows").GetInt64().ShouldBe(42);
        var html = await server.Client.GetStringAsync($"/runs/{runId}");
        html.ShouldContain("<section id=\"run-result\"><h2>Result</h2><pre>");
        html.ShouldContain("&quot;rows&quot;: 42");
        html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
        html.ShouldNotContain("<script>alert", Case.Insensitive);
    }

    [Fact]
    public async Task GetRun_Failed_HasANullResult_AndThePageHidesTheBlock()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["failing.yaml"] = Pipelines.Failing });
        var runId = await server.StartRunAsync("failing");

        var run = await server.WaitForRunAsync(runId);

        run.GetProperty("state").GetString().ShouldBe("failed");
        run.GetProperty("result").ValueKind.ShouldBe(JsonValueKind.Null);
        (await server.Client.GetStringAsync($"/runs/{runId}")).ShouldContain("<section id=\"run-result\" hidden><h2>Result</h2><pre></pre></section>");
    }
}
