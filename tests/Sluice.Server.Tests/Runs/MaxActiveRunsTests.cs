using System.Net;
using System.Text.Json;
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

    [Fact]
    public async Task NewRuns_BeyondMaxActiveRunsWithOnLimitSkip_AreRecordedSkippedWithTheReason_FromTheApiAndAWebhook()
    {
        await using var server = await ServerHarness.StartAsync();
        var flag = Path.Combine(server.Root, "go.flag");
        server.WritePipeline("wait.yaml", "max_active_runs: {limit: 1, on_limit: skip}\ntriggers:\n  - {type: webhook, key: hook-key}\n" + Pipelines.WaitsForFile("waiter", flag));
        await Api.RunApiTests.ReloadAsync(server);
        var first = await server.StartRunAsync("waiter");
        await ServerHarness.WaitForAsync<bool>(async () => server.IsExecuting(first) ? true : null, 30, "the first run to start");

        var second = await server.StartRunAsync("waiter");
        using var hook = new HttpRequestMessage(HttpMethod.Post, "api/webhooks/waiter/0");
        hook.Headers.Add("X-Sluice-Key", "hook-key");
        using var hooked = await server.Client.SendAsync(hook);
        hooked.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var third = JsonDocument.Parse(await hooked.Content.ReadAsStringAsync()).RootElement.GetProperty("run_id").GetString()!;

        foreach (var skipped in new[] { second, third })
        {
            var run = await server.GetJsonAsync($"api/runs/{skipped}");
            run.GetProperty("state").GetString().ShouldBe("skipped");
            run.GetProperty("error").GetString().ShouldBe($"skipped: max_active_runs 1 reached by run {first} (on_limit: skip)");
            run.GetProperty("ended_at").ValueKind.ShouldBe(JsonValueKind.String);
            server.IsExecuting(skipped).ShouldBeFalse();
        }
        (await server.GetJsonAsync($"api/runs/{third}")).GetProperty("trigger").GetString().ShouldBe("webhook");
        (await server.GetJsonAsync("api/runs?state=skipped")).GetProperty("runs").GetArrayLength().ShouldBe(2);
        var page = await server.Client.GetStringAsync("runs?state=skipped");
        page.ShouldContain(second);
        page.ShouldContain(third);

        await File.WriteAllTextAsync(flag, "x");
        (await server.WaitForRunAsync(first)).GetProperty("state").GetString().ShouldBe("succeeded");
        // With the first run ended, the next run executes.
        var fourth = await server.StartRunAsync("waiter");
        (await server.WaitForRunAsync(fourth)).GetProperty("state").GetString().ShouldBe("succeeded");
    }

    [Fact]
    public async Task ScheduledRun_WhileTheLastOneStillExecutes_IsSkipped_WithOnLimitSkip()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 30, TimeSpan.Zero));
        var flag = Path.Combine(Path.GetTempPath(), "sluice-skip-" + Guid.NewGuid().ToString("N") + ".flag");
        var yaml = "max_active_runs: {limit: 1, on_limit: skip}\n" + Pipelines.WaitsForFile("ticker", flag).Replace("tasks:", "triggers:\n  - {type: interval, every: 1m}\ntasks:", StringComparison.Ordinal);
        await using var server = await ServerHarness.StartAsync(new() { ["ticker.yaml"] = yaml }, o => o with { Time = clock });
        try
        {
            var next = await ServerHarness.WaitForAsync<DateTimeOffset>(async () =>
                (await server.GetJsonAsync("api/pipelines/ticker")).GetProperty("next_fire_at") is { ValueKind: JsonValueKind.String } v ? v.GetDateTimeOffset() : null,
                30, "the schedule's next fire time");
            await ScheduleClock.AdvanceToAsync(server, clock, "ticker", next);
            var first = (await ServerHarness.WaitForAsync<bool>(async () => (await server.RunsOfAsync("ticker")).Count == 1 ? true : null, 30, "the first scheduled run"), (await server.RunsOfAsync("ticker"))[0].GetProperty("run_id").GetString()!).Item2;
            await ServerHarness.WaitForAsync<bool>(async () => server.IsExecuting(first) ? true : null, 30, "the first run to start");

            await ScheduleClock.AdvanceToAsync(server, clock, "ticker", next.AddMinutes(1));
            await ServerHarness.WaitForAsync<bool>(async () => (await server.RunsOfAsync("ticker")).Count == 2 ? true : null, 30, "the second scheduled run");
            var second = (await server.RunsOfAsync("ticker")).Single(r => r.GetProperty("run_id").GetString() != first);
            second.GetProperty("state").GetString().ShouldBe("skipped");
            second.GetProperty("trigger").GetString().ShouldBe("interval");
            second.GetProperty("error").GetString().ShouldBe($"skipped: max_active_runs 1 reached by run {first} (on_limit: skip)");

            await File.WriteAllTextAsync(flag, "x");
            (await server.WaitForRunAsync(first)).GetProperty("state").GetString().ShouldBe("succeeded");
        }
        finally
        {
            File.Delete(flag);
        }
    }
}
