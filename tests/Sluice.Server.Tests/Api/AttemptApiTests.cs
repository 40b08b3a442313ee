using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Api;

public sealed class AttemptApiTests
{
    [Fact]
    public async Task Attempts_OfAFinishedRun_CarryTheirResourceUsage()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hello.yaml"] = Pipelines.Hello });
        var runId = await server.StartRunAsync("hello", new { who = "sluice" });
        (await server.WaitForRunAsync(runId)).GetProperty("state").GetString().ShouldBe("succeeded");

        var body = await server.GetJsonAsync($"api/runs/{runId}/attempts");

        body.GetProperty("run_id").GetString().ShouldBe(runId);
        var attempts = body.GetProperty("attempts").EnumerateArray().ToList();
        attempts.Select(static a => a.GetProperty("task_id").GetString()).ShouldContain("shout");
        foreach (var attempt in attempts)
        {
            attempt.GetProperty("state").GetString().ShouldBe("succeeded");
            var usage = attempt.GetProperty("usage");
            usage.GetProperty("cpu_seconds").GetDouble().ShouldBeGreaterThanOrEqualTo(0);
            usage.GetProperty("peak_memory_bytes").GetInt64().ShouldBeGreaterThan(0);
        }
        (await server.Client.GetAsync("api/runs/nope/attempts")).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
    }
}
