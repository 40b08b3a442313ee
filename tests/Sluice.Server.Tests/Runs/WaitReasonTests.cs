using System.Text.Json;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Runs;

public sealed class WaitReasonTests
{
    /// <summary>
    /// Two independent tasks that both wait for the same file:
    /// <code>
    /// first    second
    /// </code>
    /// </summary>
    private static string TwoBlockers(string flag) => $$"""
        id: two
        tasks:
          - id: first
            action: shell
            parameters: {command: "while [ ! -f '{{flag}}' ]; do sleep 0.1; done"}
          - id: second
            action: shell
            parameters: {command: "while [ ! -f '{{flag}}' ]; do sleep 0.1; done"}
        """;

    [Fact]
    public async Task ReadyTask_WithNoFreeGlobalSlot_SaysItWaitsForASlot()
    {
        await using var server = await ServerHarness.StartAsync(configure: o => o with { TaskSlots = 1 });
        var flag = Path.Combine(server.Root, "go.flag");
        server.WritePipeline("two.yaml", TwoBlockers(flag));
        await Api.RunApiTests.ReloadAsync(server);
        var runId = await server.StartRunAsync("two");

        var waiting = await ServerHarness.WaitForAsync<JsonElement>(async () =>
        {
            var tasks = (await server.GetJsonAsync($"api/runs/{runId}/tasks")).GetProperty("tasks").EnumerateArray().ToList();
            return tasks.Any(t => t.GetProperty("state").GetString() == "running") ? tasks.Single(t => t.GetProperty("state").GetString() != "running") : null;
        }, 30, "one task to run");

        waiting.GetProperty("waiting_for").GetString().ShouldBe("waiting for a slot: global task slots (1/1 in use by all runs)");
        await File.WriteAllTextAsync(flag, "x");
        (await server.WaitForRunAsync(runId)).GetProperty("state").GetString().ShouldBe("succeeded");
    }

    [Fact]
    public async Task SecondRun_BeyondMaxConcurrentRuns_IsQueuedAndSaysSo()
    {
        await using var server = await ServerHarness.StartAsync(configure: o => o with { MaxConcurrentRuns = 1 });
        var flag = Path.Combine(server.Root, "go.flag");
        server.WritePipeline("wait.yaml", Pipelines.WaitsForFile("waiter", flag));
        await Api.RunApiTests.ReloadAsync(server);
        var first = await server.StartRunAsync("waiter");
        await ServerHarness.WaitForAsync<bool>(async () => server.IsExecuting(first) ? true : null, 30, "the first run to start");

        var second = await server.StartRunAsync("waiter");
        var run = await server.GetJsonAsync($"api/runs/{second}");
        run.GetProperty("state").GetString().ShouldBe("queued");
        run.GetProperty("waiting_for").GetString().ShouldBe("the run is queued: position 1 of 1, at most 1 runs execute at once");
        var tasks = await server.GetJsonAsync($"api/runs/{second}/tasks");
        tasks.GetProperty("tasks")[0].GetProperty("waiting_for").GetString()!.ShouldStartWith("the run is queued");
        PrometheusScrape.Value(await server.Client.GetStringAsync("metrics"), "sluice_queue_depth").ShouldBe(1);

        await File.WriteAllTextAsync(flag, "x");
        (await server.WaitForRunAsync(first)).GetProperty("state").GetString().ShouldBe("succeeded");
        (await server.WaitForRunAsync(second)).GetProperty("state").GetString().ShouldBe("succeeded");
    }

    [Fact]
    public async Task QueuedRun_CanBeCancelledBeforeItStarts()
    {
        await using var server = await ServerHarness.StartAsync(configure: o => o with { MaxConcurrentRuns = 1 });
        var flag = Path.Combine(server.Root, "go.flag");
        server.WritePipeline("wait.yaml", Pipelines.WaitsForFile("waiter", flag));
        await Api.RunApiTests.ReloadAsync(server);
        var first = await server.StartRunAsync("waiter");
        await ServerHarness.WaitForAsync<bool>(async () => server.IsExecuting(first) ? true : null, 30, "the first run to start");
        var second = await server.StartRunAsync("waiter");

        using (var cancel = await server.PostCommandAsync($"api/runs/{second}/cancel"))
        {
            cancel.StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted);
        }
        await File.WriteAllTextAsync(flag, "x");
        await server.WaitForRunAsync(first);
        var run = await server.WaitForRunAsync(second);
        run.GetProperty("state").GetString().ShouldBe("cancelled");
        (await server.GetJsonAsync($"api/runs/{second}/tasks")).GetProperty("tasks").EnumerateArray().All(t => t.GetProperty("attempts").GetInt32() == 0).ShouldBeTrue();
    }
}
