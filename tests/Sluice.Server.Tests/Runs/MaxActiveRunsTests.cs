using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Runs;

public sealed class MaxActiveRunsTests
{
    [Fact]
    public async Task SecondRun_OfAPipelineWithMaxActiveRunsOne_IsQueuedAndSaysWhy_WhileOtherPipelinesPass()
    {
        await using var server = await ServerHarness.StartAsync();
        var flag = Path.Combine(server.Root, "go.flag");
        server.WritePipeline("wait.yaml", "max_active_runs: 1\n" + Pipelines.WaitsForFile("waiter", flag));
        server.WritePipeline("hello.yaml", Pipelines.Hello);
        await Api.RunApiTests.ReloadAsync(server);
        var first = await server.StartRunAsync("waiter");
        await ServerHarness.WaitForAsync<bool>(async () => server.IsExecuting(first) ? true : null, 30, "the first run to start");

        var second = await server.StartRunAsync("waiter");
        // A run of another pipeline, queued after it, is not held up (the server executes 4 runs at once).
        var other = await server.StartRunAsync("hello");
        (await server.WaitForRunAsync(other)).GetProperty("state").GetString().ShouldBe("succeeded");

        var run = await server.GetJsonAsync($"api/runs/{second}");
        run.GetProperty("state").GetString().ShouldBe("queued");
        run.GetProperty("waiting_for").GetString().ShouldBe($"waiting: max_active_runs 1 reached by run {first}");
        server.IsExecuting(second).ShouldBeFalse();

        await File.WriteAllTextAsync(flag, "x");
        (await server.WaitForRunAsync(first)).GetProperty("state").GetString().ShouldBe("succeeded");
        (await server.WaitForRunAsync(second)).GetProperty("state").GetString().ShouldBe("succeeded");
    }
}
