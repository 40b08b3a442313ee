using System.Net;
using Sluice.Retention;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Operations;

public sealed class RetentionHostTests
{
    [Fact]
    public async Task Serve_WithPurgeOlderThan_PurgesEndedRunsWithTheirArtifactsWhileServing()
    {
        await using var server = await ServerHarness.StartAsync(
            new() { ["hello.yaml"] = Pipelines.Hello },
            o => o with { Retention = new RetentionOptions { RunsMaxAge = TimeSpan.FromSeconds(5), Interval = TimeSpan.FromMilliseconds(200) } });
        var runId = await server.StartRunAsync("hello");
        var run = await server.WaitForRunAsync(runId);
        run.GetProperty("state").GetString().ShouldBe("succeeded");
        var folder = Path.Combine(server.Root, "state", "artifacts", runId);
        Directory.Exists(folder).ShouldBeTrue("the run's artifact folder");

        // The retention is 5 s (time to see the run end first); a pass every 200 ms then takes it, folder and all.
        var gone = false;
        for (var i = 0; i < 300 && !gone; i++)
        {
            using var response = await server.Client.GetAsync($"api/runs/{runId}");
            gone = response.StatusCode == HttpStatusCode.NotFound;
            if (!gone)
            {
                await Task.Delay(100);
            }
        }
        gone.ShouldBeTrue("the ended run was not purged within 30 s");
        Directory.Exists(folder).ShouldBeFalse();
    }

    [Fact]
    public async Task Serve_WithoutRetention_KeepsEndedRuns()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hello.yaml"] = Pipelines.Hello });
        var runId = await server.StartRunAsync("hello");
        (await server.WaitForRunAsync(runId)).GetProperty("state").GetString().ShouldBe("succeeded");
        await Task.Delay(500);
        using var response = await server.Client.GetAsync($"api/runs/{runId}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
