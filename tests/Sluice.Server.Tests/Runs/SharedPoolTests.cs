using System.Text.Json;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Runs;

public sealed class SharedPoolTests
{
    /// <summary>
    /// One task in pool <c>db</c>; it takes a lock folder (mkdir fails when it exists, so two holders at once fail the
    /// run) and holds it until the test's flag file appears.
    /// </summary>
    private static string PoolTask(string flag, string lockDir) => $$"""
        id: pooled
        tasks:
          - id: query
            action: shell
            pool: db
            parameters: {command: "mkdir '{{lockDir}}' || exit 3; while [ ! -f '{{flag}}' ]; do sleep 0.1; done; rmdir '{{lockDir}}'"}
        """;

    [Fact]
    public async Task TwoRuns_OfOneServer_ShareAPoolOfOne_AndNeverOverlap()
    {
        await using var server = await ServerHarness.StartAsync(configure: o => o with { Pools = new Dictionary<string, int> { ["db"] = 1 } });
        var flag = Path.Combine(server.Root, "go.flag");
        server.WritePipeline("pooled.yaml", PoolTask(flag, Path.Combine(server.Root, "db.lock")));
        await Api.RunApiTests.ReloadAsync(server);
        var first = await server.StartRunAsync("pooled");
        await ServerHarness.WaitForAsync<bool>(async () =>
            (await server.GetJsonAsync($"api/runs/{first}/tasks")).GetProperty("tasks")[0].GetProperty("state").GetString() == "running" ? true : null, 30, "the first run's task to run");

        var second = await server.StartRunAsync("pooled");
        var waiting = await ServerHarness.WaitForAsync<JsonElement>(async () =>
        {
            var task = (await server.GetJsonAsync($"api/runs/{second}/tasks")).GetProperty("tasks")[0];
            return task.TryGetProperty("waiting_for", out var w) && w.GetString() is { } s && s.Contains("pool", StringComparison.Ordinal) ? task : null;
        }, 30, "the second run's task to wait for the pool");

        // The second run executes (the server runs 4 at once) but its task waits for the slot the first run holds.
        server.IsExecuting(second).ShouldBeTrue();
        waiting.GetProperty("state").GetString().ShouldNotBe("running");
        waiting.GetProperty("waiting_for").GetString().ShouldBe("waiting for a slot: pool 'db' (1/1 in use by all runs)");

        await File.WriteAllTextAsync(flag, "x");
        (await server.WaitForRunAsync(first)).GetProperty("state").GetString().ShouldBe("succeeded");
        var secondRun = await server.WaitForRunAsync(second);
        secondRun.GetProperty("state").GetString().ShouldBe("succeeded", secondRun.ToString());
    }
}
