using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Server.Alerts;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Alerts;

public sealed class SlaTests
{
    [Fact]
    public async Task Sla_RunStillGoingAfterMaxDuration_AlertsOnceAndCounts_RunWithinSlaDoesNot()
    {
        var gate = Path.Combine(Path.GetTempPath(), "sluice-sla-" + Guid.NewGuid().ToString("N"));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero));
        await using var receiver = await WebhookReceiver.StartAsync();
        var slow = Pipelines.WaitsForFile("slow", gate).Replace("tasks:", "sla: {max_duration: 5m}\ntasks:", StringComparison.Ordinal);
        await using var server = await ServerHarness.StartAsync(new() { ["slow.yaml"] = slow }, o => o with
        {
            Time = clock,
            AlertWebhooks = [receiver.Url.ToString()],
            // Delivery retries wait on the server's clock, which only this test moves: a first POST that failed on a loaded
            // machine would otherwise wait for ever. No delay keeps a retry independent of the fake clock.
            AlertDelivery = new() { RetryDelay = TimeSpan.Zero, MaxRetryDelay = TimeSpan.Zero },
        });
        var sla = server.Services.GetRequiredService<SlaMonitor>();
        try
        {
            var late = await server.StartRunAsync("slow");
            await ServerHarness.WaitForAsync<bool>(() => Task.FromResult<bool?>(sla.Watching == 1 ? true : null), 30, "the run to start");
            clock.Advance(TimeSpan.FromMinutes(4));
            receiver.Received.ShouldBe(0);
            clock.Advance(TimeSpan.FromMinutes(2));
            var notifier = server.Services.GetRequiredService<AlertNotifier>();
            try
            {
                await ServerHarness.WaitForAsync<bool>(() => Task.FromResult<bool?>(receiver.Received == 1 ? true : null), 30, "the SLA alert");
            }
            catch (TimeoutException ex)
            {
                // Seen once on CI under load; say what the monitor and the notifier were doing.
                throw new TimeoutException($"{ex.Message}: watching {sla.Watching}, clock {clock.GetUtcNow():O}, "
                    + $"alerts raised {notifier.Raised}, sent {notifier.Sent}, failed {notifier.Failed}, receiver got {receiver.Received}", ex);
            }
            await File.WriteAllTextAsync(gate, "go");
            await server.WaitForRunAsync(late);
            clock.Advance(TimeSpan.FromMinutes(10));

            var onTime = await server.StartRunAsync("slow"); // the gate is open: ends at once on the fake clock
            await server.WaitForRunAsync(onTime);
            // The run's end is stored before observers hear of it: move the clock only once the monitor has
            // let the run go, or its timer would fire for a run that had in fact ended in time.
            await ServerHarness.WaitForAsync<bool>(() => Task.FromResult<bool?>(sla.Watching == 0 ? true : null), 30, "the monitor to let the run go");
            clock.Advance(TimeSpan.FromMinutes(10));

            var body = JsonDocument.Parse(receiver.Bodies.Single()).RootElement;
            body.GetProperty("kind").GetString().ShouldBe("sla_missed");
            body.GetProperty("run_id").GetString().ShouldBe(late);
            body.GetProperty("fields").GetProperty("max_duration_seconds").GetString().ShouldBe("300");
            PrometheusScrape.Value(await server.Client.GetStringAsync("metrics"), "sluice_sla_misses_total", ("pipeline", "slow")).ShouldBe(1);
            sla.Watching.ShouldBe(0);
        }
        finally
        {
            File.Delete(gate);
        }
    }

    [Fact]
    public async Task TaskSla_TaskStillRunningAfterItsMaxDuration_AlertsOnceNamingTheTask_TaskWithinItsSlaDoesNot()
    {
        // wait_for_file (sla 5m) ──► after (sla 1m, ends at once)
        var gate = Path.Combine(Path.GetTempPath(), "sluice-task-sla-" + Guid.NewGuid().ToString("N"));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero));
        await using var receiver = await WebhookReceiver.StartAsync();
        var yaml = Pipelines.WaitsForFile("slow_task", gate)
            .Replace("echo file arrived\"}", "echo file arrived\"}\n    sla: {max_duration: 5m}", StringComparison.Ordinal)
            .Replace("{command: \"echo done\"}", "{command: \"echo done\"}\n    sla: {max_duration: 1m}", StringComparison.Ordinal);
        await using var server = await ServerHarness.StartAsync(new() { ["slow_task.yaml"] = yaml }, o => o with
        {
            Time = clock,
            AlertWebhooks = [receiver.Url.ToString()],
            AlertDelivery = new() { RetryDelay = TimeSpan.Zero, MaxRetryDelay = TimeSpan.Zero },
        });
        var sla = server.Services.GetRequiredService<SlaMonitor>();
        try
        {
            var run = await server.StartRunAsync("slow_task");
            await ServerHarness.WaitForAsync<bool>(() => Task.FromResult<bool?>(sla.Watching == 1 ? true : null), 30, "the task to start");
            clock.Advance(TimeSpan.FromMinutes(4));
            receiver.Received.ShouldBe(0);
            clock.Advance(TimeSpan.FromMinutes(2));
            await ServerHarness.WaitForAsync<bool>(() => Task.FromResult<bool?>(receiver.Received == 1 ? true : null), 30, "the task's SLA alert");
            sla.Watching.ShouldBe(0);

            await File.WriteAllTextAsync(gate, "go");
            await server.WaitForRunAsync(run);
            await ServerHarness.WaitForAsync<bool>(() => Task.FromResult<bool?>(sla.Watching == 0 ? true : null), 30, "the monitor to let the run go");
            clock.Advance(TimeSpan.FromMinutes(10));

            var body = JsonDocument.Parse(receiver.Bodies.Single()).RootElement;
            body.GetProperty("kind").GetString().ShouldBe("sla_missed");
            body.GetProperty("run_id").GetString().ShouldBe(run);
            body.GetProperty("task_id").GetString().ShouldBe("wait_for_file");
            body.GetProperty("fields").GetProperty("max_duration_seconds").GetString().ShouldBe("300");
            body.GetProperty("fields").GetProperty("deadline").GetString().ShouldBe("2026-02-01T00:05:00.0000000+00:00");
            PrometheusScrape.Value(await server.Client.GetStringAsync("metrics"), "sluice_sla_misses_total", ("pipeline", "slow_task")).ShouldBe(1);

            // Recorded on the run: the API's sla_misses and the run page show the task, its deadline and when it was noticed.
            var api = JsonDocument.Parse(await server.Client.GetStringAsync($"api/runs/{run}")).RootElement;
            var miss = api.GetProperty("sla_misses").EnumerateArray().ShouldHaveSingleItem();
            miss.GetProperty("task_id").GetString().ShouldBe("wait_for_file");
            miss.GetProperty("map_index").ValueKind.ShouldBe(JsonValueKind.Null);
            miss.GetProperty("kind").GetString().ShouldBe("max_duration");
            miss.GetProperty("deadline").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 2, 1, 0, 5, 0, TimeSpan.Zero));
            // The fake clock fires the timer somewhere in the step from 4 to 6 minutes, never before the deadline.
            miss.GetProperty("noticed_at").GetDateTimeOffset().ShouldBeInRange(new DateTimeOffset(2026, 2, 1, 0, 5, 0, TimeSpan.Zero), new DateTimeOffset(2026, 2, 1, 0, 6, 0, TimeSpan.Zero));
            var page = await server.Client.GetStringAsync($"runs/{run}");
            page.ShouldContain("<section id=\"sla-misses\">");
            page.ShouldContain("task <code>wait_for_file</code> (max_duration): deadline 2026-02-01 00:05:00Z, noticed 2026-02-01 00:0");
        }
        finally
        {
            File.Delete(gate);
        }
    }

    [Fact]
    public async Task DoneBy_ScheduledRunNotEndedBy0600ParisTheDayAfter_IsRecordedAndAlertedOnce()
    {
        // Fired 2026-03-28 05:00 UTC (06:00 Paris); the clocks go forward that night, so 06:00 Paris on the 29th is 04:00 UTC.
        var gate = Path.Combine(Path.GetTempPath(), "sluice-done-by-" + Guid.NewGuid().ToString("N"));
        var fired = new DateTimeOffset(2026, 3, 28, 5, 0, 0, TimeSpan.Zero);
        var deadline = new DateTimeOffset(2026, 3, 29, 4, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(fired.AddMinutes(-1));
        await using var receiver = await WebhookReceiver.StartAsync();
        var yaml = Pipelines.WaitsForFile("nightly", gate).Replace("tasks:", """
            sla: {done_by: "06:00", timezone: Europe/Paris}
            triggers:
              - {type: cron, cron: "0 5 * * *"}
            tasks:
            """, StringComparison.Ordinal);
        await using var server = await ServerHarness.StartAsync(new() { ["nightly.yaml"] = yaml }, o => o with
        {
            Time = clock,
            AlertWebhooks = [receiver.Url.ToString()],
            AlertDelivery = new() { RetryDelay = TimeSpan.Zero, MaxRetryDelay = TimeSpan.Zero },
        });
        var sla = server.Services.GetRequiredService<SlaMonitor>();
        try
        {
            await ScheduleClock.AdvanceToAsync(server, clock, "nightly", fired);
            await ServerHarness.WaitForAsync<bool>(() => Task.FromResult<bool?>(sla.Watching == 1 ? true : null), 30, "the scheduled run's deadline to be armed");
            clock.Advance(deadline - clock.GetUtcNow() - TimeSpan.FromMinutes(1));
            receiver.Received.ShouldBe(0);
            clock.Advance(TimeSpan.FromMinutes(2));
            await ServerHarness.WaitForAsync<bool>(() => Task.FromResult<bool?>(receiver.Received == 1 ? true : null), 30, "the done_by alert");

            await File.WriteAllTextAsync(gate, "go");
            var run = (await ScheduleClock.WaitForFinishedRunsAsync(server, "nightly", 1)).ShouldHaveSingleItem().GetProperty("run_id").GetString()!;
            var body = JsonDocument.Parse(receiver.Bodies.Single()).RootElement;
            body.GetProperty("kind").GetString().ShouldBe("sla_missed");
            body.GetProperty("run_id").GetString().ShouldBe(run);
            body.GetProperty("fields").GetProperty("sla").GetString().ShouldBe("done_by");
            body.GetProperty("fields").GetProperty("deadline").GetString().ShouldBe("2026-03-29T04:00:00.0000000+00:00");
            var miss = JsonDocument.Parse(await server.Client.GetStringAsync($"api/runs/{run}")).RootElement.GetProperty("sla_misses").EnumerateArray().ShouldHaveSingleItem();
            miss.GetProperty("kind").GetString().ShouldBe("done_by");
            miss.GetProperty("task_id").ValueKind.ShouldBe(JsonValueKind.Null);
            miss.GetProperty("deadline").GetDateTimeOffset().ShouldBe(deadline);
        }
        finally
        {
            File.Delete(gate);
        }
    }
}
