using Microsoft.Extensions.DependencyInjection;
using Sluice.Server.Scheduling;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Scheduling;

/// <summary>
/// The acceptance scenario: a cron schedule in Europe/Paris driven by a fake clock through a server, across
/// daylight-saving changes and server restarts (dispose, then a new server on the same store file).
/// </summary>
public sealed class CronScheduleTests
{
    private static string Nightly(string extra = "") => $$"""
        id: nightly
        triggers:
          - {type: cron, cron: "30 2 * * *", timezone: Europe/Paris{{extra}}}
        tasks:
          - id: work
            action: noop
        """;

    public static TheoryData<string, string[]> DstCases => new()
    {
        // Spring forward on 29 March: 02:30 does not exist that night and fires at the end of the gap (03:00 CEST).
        { "2026-03-27T12:00:00Z", ["nightly@20260328T013000Z", "nightly@20260329T010000Z", "nightly@20260330T003000Z"] },
        // Fall back on 25 October: 02:30 happens twice and fires on its first pass only (CEST).
        { "2026-10-23T12:00:00Z", ["nightly@20261024T003000Z", "nightly@20261025T003000Z", "nightly@20261026T013000Z"] },
    };

    [Theory]
    [MemberData(nameof(DstCases))]
    public async Task Cron_AcrossDstChangeAndRestarts_FiresEachLocalDateExactlyOnce(string start, string[] expected)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture));
        await using var server = await ServerHarness.StartAsync(new() { ["nightly.yaml"] = Nightly() }, o => o with { Time = clock });

        // Right after start the scheduler may not have registered the trigger yet (next_fire_at is null until it has).
        var next = await ServerHarness.WaitForAsync<DateTimeOffset>(async () =>
            (await server.GetJsonAsync("api/pipelines/nightly")).GetProperty("next_fire_at") is { ValueKind: System.Text.Json.JsonValueKind.String } v ? v.GetDateTimeOffset() : null,
            30, "the schedule's next fire time");
        next.ShouldBe(FireTime(expected[0]));

        await ScheduleClock.AdvanceToAsync(server, clock, "nightly", FireTime(expected[0]).AddHours(1));
        await ScheduleClock.WaitForFinishedRunsAsync(server, "nightly", 1);
        await server.RestartAsync();
        await ScheduleClock.AdvanceToAsync(server, clock, "nightly", FireTime(expected[1]).AddHours(1));
        await ScheduleClock.WaitForFinishedRunsAsync(server, "nightly", 2);
        await server.RestartAsync();
        await ScheduleClock.AdvanceToAsync(server, clock, "nightly", FireTime(expected[2]).AddHours(12));
        var runs = await ScheduleClock.WaitForFinishedRunsAsync(server, "nightly", 3);
        await server.RestartAsync();
        await server.Services.GetRequiredService<ScheduleHost>().WaitForIdleAsync();

        ScheduleClock.Ids(await server.RunsOfAsync("nightly")).ShouldBe(expected);
        runs.ShouldAllBe(r => r.GetProperty("trigger").GetString() == "cron" && r.GetProperty("state").GetString() == "succeeded");
        runs.Select(static r => r.GetProperty("logical_date").GetDateTimeOffset()).ShouldBe(expected.Select(FireTime));
    }

    [Fact]
    public async Task Cron_WithoutCatchUp_AfterDowntime_FiresOnlyTheLatestMissedDate()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 27, 12, 0, 0, TimeSpan.Zero));
        await using var server = await ServerHarness.StartAsync(new() { ["nightly.yaml"] = Nightly() }, o => o with { Time = clock });
        await server.Services.GetRequiredService<ScheduleHost>().WaitForIdleAsync();
        await server.StopAsync();
        clock.Advance(TimeSpan.FromDays(4)); // 28, 29, 30 and 31 March pass while the server is down

        await server.StartAgainAsync();
        await server.Services.GetRequiredService<ScheduleHost>().WaitForIdleAsync();
        await ScheduleClock.WaitForFinishedRunsAsync(server, "nightly", 1);
        await server.RestartAsync();
        await server.Services.GetRequiredService<ScheduleHost>().WaitForIdleAsync();

        ScheduleClock.Ids(await server.RunsOfAsync("nightly")).ShouldBe(["nightly@20260331T003000Z"]);
    }

    [Fact]
    public async Task Cron_WithCatchUp_AfterDowntime_RunsEveryMissedDateOnceOldestFirstOneAtATime()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 27, 12, 0, 0, TimeSpan.Zero));
        var gate = Path.Combine(Path.GetTempPath(), "sluice-gate-" + Guid.NewGuid().ToString("N"));
        var pipeline = $$"""
            id: nightly
            triggers:
              - {type: cron, cron: "30 2 * * *", timezone: Europe/Paris, catchup: true, max_catchup_runs: 1}
            tasks:
              - id: wait_for_gate
                action: shell
                parameters: {command: "while [ ! -f '{{gate}}' ]; do sleep 0.05; done"}
            """;
        await using var server = await ServerHarness.StartAsync(new() { ["nightly.yaml"] = pipeline }, o => o with { Time = clock });
        await server.Services.GetRequiredService<ScheduleHost>().WaitForIdleAsync();
        await server.StopAsync();
        clock.Advance(TimeSpan.FromDays(4));

        await server.StartAgainAsync();
        await server.Services.GetRequiredService<ScheduleHost>().WaitForIdleAsync();
        await ServerHarness.WaitForAsync<bool>(async () => (await server.RunsOfAsync("nightly")).Count == 1 ? true : null, 30, "the first catch-up run");
        // The scheduler is idle: while the oldest date's run waits on the gate, the bound of one catch-up run holds the others back.
        var totals = server.Services.GetRequiredService<ScheduleHost>().Totals;
        (totals.Dispatched, totals.Outstanding).ShouldBe((1L, 1));
        ScheduleClock.Ids(await server.RunsOfAsync("nightly")).ShouldBe(["nightly@20260328T013000Z"]);

        await File.WriteAllTextAsync(gate, "open");
        try
        {
            await ScheduleClock.WaitForFinishedRunsAsync(server, "nightly", 4);
            await server.RestartAsync();
            await server.Services.GetRequiredService<ScheduleHost>().WaitForIdleAsync();
            ScheduleClock.Ids(await server.RunsOfAsync("nightly")).ShouldBe(
                ["nightly@20260328T013000Z", "nightly@20260329T010000Z", "nightly@20260330T003000Z", "nightly@20260331T003000Z"]);
        }
        finally
        {
            File.Delete(gate);
        }
    }

    [Fact]
    public async Task Schedule_AddedByEditingThePipelineFile_StartsFiring()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero));
        await using var server = await ServerHarness.StartAsync(new() { ["hello.yaml"] = Pipelines.Hello }, o => o with { Time = clock });
        (await server.GetJsonAsync("api/pipelines/hello")).GetProperty("next_fire_at").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);

        server.WritePipeline("hello.yaml", Pipelines.Hello.Replace("tasks:", "triggers:\n  - {type: interval, every: 1h}\ntasks:", StringComparison.Ordinal));
        await ServerHarness.WaitForAsync<bool>(async () =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(200)); // the catalog's reload debounce runs on the fake clock
            await server.Services.GetRequiredService<ScheduleHost>().WaitForIdleAsync();
            return server.Services.GetRequiredService<ScheduleHost>().NextFire("hello") is not null ? true : null;
        }, 30, "the new interval trigger");
        (await server.GetJsonAsync("api/pipelines/hello")).GetProperty("next_fire_at").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 5, 1, 1, 0, 0, TimeSpan.Zero));

        await ScheduleClock.AdvanceToAsync(server, clock, "hello", new DateTimeOffset(2026, 5, 1, 1, 30, 0, TimeSpan.Zero));
        var runs = await ScheduleClock.WaitForFinishedRunsAsync(server, "hello", 1);
        runs[0].GetProperty("run_id").GetString().ShouldBe("hello@20260501T010000Z");
        runs[0].GetProperty("trigger").GetString().ShouldBe("interval");
        var metrics = await server.Client.GetStringAsync("metrics");
        PrometheusScrape.Value(metrics, "sluice_trigger_runs_total", ("pipeline", "hello"), ("trigger", "interval")).ShouldBe(1);
        PrometheusScrape.Value(metrics, "sluice_scheduler_next_fire_timestamp_seconds", ("pipeline", "hello"), ("trigger", "0"))
            .ShouldBe(new DateTimeOffset(2026, 5, 1, 2, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds());
        PrometheusScrape.Value(metrics, "sluice_scheduler_lag_seconds_count").ShouldBe(1);
    }

    private static DateTimeOffset FireTime(string runId) =>
        DateTimeOffset.ParseExact(runId[(runId.IndexOf('@', StringComparison.Ordinal) + 1)..], "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal);
}
