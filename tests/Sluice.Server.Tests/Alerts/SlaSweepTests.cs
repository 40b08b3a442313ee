using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Server.Alerts;
using Sluice.Server.Tests.Testing;
using Sluice.State;

namespace Sluice.Server.Tests.Alerts;

/// <summary>
/// SLAs of runs this server does not execute: runs that <c>sluice worker</c> processes execute (a server started with
/// <c>--no-execute</c>; the worker is played by writing its records into the store) and scheduled runs that have not
/// even started by their <c>done_by</c> deadline. The server's monitor sweeps the store for them.
/// </summary>
public sealed class SlaSweepTests
{
    [Fact]
    public async Task RunAndTaskExecutedByAWorker_PastTheirMaxDuration_AreRecordedAndAlertedOnceEach()
    {
        var start = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(start);
        await using var receiver = await WebhookReceiver.StartAsync();
        const string remote = """
            id: remote
            sla: {max_duration: 10m}
            tasks:
              - id: long
                action: noop
                sla: {max_duration: 5m}
            """;
        await using var server = await ServerHarness.StartAsync(new() { ["remote.yaml"] = remote }, o => o with
        {
            Time = clock,
            ExecuteRuns = false,
            AlertWebhooks = [receiver.Url.ToString()],
            AlertDelivery = new() { RetryDelay = TimeSpan.Zero, MaxRetryDelay = TimeSpan.Zero },
        });
        var sla = server.Services.GetRequiredService<SlaMonitor>();
        var store = server.Services.GetRequiredService<IStateStore>();
        var runId = await server.StartRunAsync("remote");
        // What a worker in another process writes when it takes the run and starts its task.
        var run = (await store.GetRunAsync(runId))!;
        var batch = new StateBatch();
        batch.Runs.Add(run with { State = RunState.Running, StartedAt = start });
        batch.Tasks.Add(new TaskInstanceRecord { RunId = runId, TaskId = "long", State = TaskState.Running, Attempt = 1, StartedAt = start });
        batch.Attempts.Add(new AttemptRecord(runId, "long", -1, 1, TaskState.Running, start, null, null, "worker-elsewhere"));
        await store.CommitAsync(batch);

        clock.Advance(TimeSpan.FromMinutes(4));
        await sla.SweepAsync();
        (await MissesAsync(server, runId)).ShouldBeEmpty();

        clock.Advance(TimeSpan.FromMinutes(2));
        await sla.SweepAsync();
        var task = (await MissesAsync(server, runId)).ShouldHaveSingleItem();
        task.GetProperty("task_id").GetString().ShouldBe("long");
        task.GetProperty("kind").GetString().ShouldBe("max_duration");
        task.GetProperty("deadline").GetDateTimeOffset().ShouldBe(start.AddMinutes(5));

        clock.Advance(TimeSpan.FromMinutes(5));
        await sla.SweepAsync();
        await sla.SweepAsync();
        var misses = await MissesAsync(server, runId);
        misses.Count.ShouldBe(2);
        var whole = misses.Single(static m => m.GetProperty("task_id").ValueKind == JsonValueKind.Null);
        whole.GetProperty("kind").GetString().ShouldBe("max_duration");
        whole.GetProperty("deadline").GetDateTimeOffset().ShouldBe(start.AddMinutes(10));

        // The alert queue's delivery runs on the server's (fake) clock: let it move on while waiting.
        await ServerHarness.WaitForAsync<bool>(() =>
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            return Task.FromResult<bool?>(receiver.Received >= 2 ? true : null);
        }, 30, "the two SLA alerts");
        receiver.Received.ShouldBe(2);
        var bodies = receiver.Bodies.Select(static b => JsonDocument.Parse(b).RootElement).ToList();
        bodies.ShouldAllBe(b => b.GetProperty("kind").GetString() == "sla_missed" && b.GetProperty("run_id").GetString() == runId);
        bodies.Count(static b => b.GetProperty("task_id").ValueKind == JsonValueKind.String).ShouldBe(1);
        PrometheusScrape.Value(await server.Client.GetStringAsync("metrics"), "sluice_sla_misses_total", ("pipeline", "remote")).ShouldBe(2);
    }

    [Fact]
    public async Task ScheduledRunNotStartedByItsDoneBy_IsRecordedAndAlertedOnce_ByTheServersOwnSweep()
    {
        // Fired 2026-06-01 05:00 UTC with no worker to take it: at 06:00 UTC the day after it has not even started.
        var fired = new DateTimeOffset(2026, 6, 1, 5, 0, 0, TimeSpan.Zero);
        var deadline = new DateTimeOffset(2026, 6, 2, 6, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(fired.AddMinutes(-1));
        await using var receiver = await WebhookReceiver.StartAsync();
        const string nightly = """
            id: nightly
            sla: {done_by: "06:00"}
            triggers:
              - {type: cron, cron: "0 5 * * *"}
            tasks:
              - id: work
                action: noop
            """;
        await using var server = await ServerHarness.StartAsync(new() { ["nightly.yaml"] = nightly }, o => o with
        {
            Time = clock,
            ExecuteRuns = false,
            AlertWebhooks = [receiver.Url.ToString()],
            AlertDelivery = new() { RetryDelay = TimeSpan.Zero, MaxRetryDelay = TimeSpan.Zero },
        });
        await ScheduleClock.AdvanceToAsync(server, clock, "nightly", fired);
        var runId = (await ServerHarness.WaitForAsync<bool>(async () => (await server.RunsOfAsync("nightly")).Count == 1 ? true : null, 30, "the scheduled run"),
            (await server.RunsOfAsync("nightly"))[0].GetProperty("run_id").GetString()!).Item2;

        clock.Advance(deadline - clock.GetUtcNow() - TimeSpan.FromMinutes(1));
        await server.Services.GetRequiredService<SlaMonitor>().SweepAsync();
        (await MissesAsync(server, runId)).ShouldBeEmpty();

        // The monitor's own loop notices it: move the clock on by a sweep interval until it has.
        await ServerHarness.WaitForAsync<bool>(async () =>
        {
            clock.Advance(SlaMonitor.SweepInterval);
            return (await MissesAsync(server, runId)).Count == 1 ? true : null;
        }, 60, "the done_by miss of the queued run");
        await ServerHarness.WaitForAsync<bool>(() =>
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            return Task.FromResult<bool?>(receiver.Received >= 1 ? true : null);
        }, 30, "the done_by alert");
        clock.Advance(SlaMonitor.SweepInterval * 3);
        await server.Services.GetRequiredService<SlaMonitor>().SweepAsync();

        var miss = (await MissesAsync(server, runId)).ShouldHaveSingleItem();
        miss.GetProperty("kind").GetString().ShouldBe("done_by");
        miss.GetProperty("deadline").GetDateTimeOffset().ShouldBe(deadline);
        miss.GetProperty("noticed_at").GetDateTimeOffset().ShouldBeGreaterThanOrEqualTo(deadline);
        receiver.Received.ShouldBe(1);
        JsonDocument.Parse(receiver.Bodies.Single()).RootElement.GetProperty("fields").GetProperty("sla").GetString().ShouldBe("done_by");
    }

    private static async Task<List<JsonElement>> MissesAsync(ServerHarness server, string runId) =>
        [.. (await server.GetJsonAsync($"api/runs/{runId}")).GetProperty("sla_misses").EnumerateArray()];
}
