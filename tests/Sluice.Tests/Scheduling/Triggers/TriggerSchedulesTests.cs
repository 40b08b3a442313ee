using Sluice.Actions.BuiltIn;
using Sluice.Definition;
using Sluice.Definition.Yaml;
using Sluice.Diagnostics;
using Sluice.Scheduling;
using Sluice.Scheduling.Triggers;
using static Sluice.Tests.Scheduling.Cron.CronNextOccurrenceTests;

namespace Sluice.Tests.Scheduling.Triggers;

public sealed class TriggerSchedulesTests
{
    [Fact]
    public void FromPipeline_YamlTriggers_BuildsTimeBasedSchedules()
    {
        const string yaml = """
            id: orders_etl
            triggers:
              - {type: cron, cron: "0 2 * * *", timezone: Europe/Berlin, catchup: true, max_catchup_runs: 3}
              - {type: webhook}
              - {type: interval, every: 15m, start_at: "2026-01-01T00:05:00Z"}
              - {type: cron, cron: "@hourly"}
            tasks:
              - {id: a, action: noop}
            """;
        var load = PipelineLoader.Load(yaml, "orders.yaml", BuiltInActions.CreateRegistry());
        load.Success.ShouldBeTrue(string.Join('\n', load.Diagnostics));

        var triggers = TriggerSchedules.FromPipeline(load.Definition!);

        triggers.Select(static t => t.TriggerIndex).ShouldBe([0, 2, 3]);
        var cron = triggers[0];
        (cron.CatchUp, cron.MaxCatchUpRuns).ShouldBe((true, 3));
        var schedule = cron.Schedule.ShouldBeOfType<CronSchedule>();
        schedule.Zone.Id.ShouldBe("Europe/Berlin");
        schedule.GetNextOccurrence(At("2026-06-30T12:00:00Z")).ShouldBe(At("2026-07-01T02:00:00+02:00"));
        var interval = triggers[1].Schedule.ShouldBeOfType<IntervalSchedule>();
        (interval.Every, interval.StartAt).ShouldBe((TimeSpan.FromMinutes(15), At("2026-01-01T00:05:00Z")));
        (triggers[1].CatchUp, triggers[2].CatchUp, triggers[2].MaxCatchUpRuns).ShouldBe((false, false, TriggerSchedules.DefaultMaxCatchUpRuns));
        triggers[2].Schedule.Description.ShouldBe("cron '@hourly' (UTC)");
    }

    [Fact]
    public void FromTrigger_BadCron_ReportsColumn()
    {
        var error = Should.Throw<SluiceException>(() => TriggerSchedules.FromTrigger("p", 0, new TriggerDefinition("cron", new Dictionary<string, object?> { ["cron"] = "0 0 30 2 *" })));
        error.Message.ShouldContain("column 5");
        error.InnerException.ShouldBeOfType<Sluice.Scheduling.Cron.CronFormatException>();
    }

    [Theory]
    [InlineData("timezone", "Mars/Olympus", "not a known time zone")]
    [InlineData("max_catchup_runs", -1L, "max_catchup_runs")]
    [InlineData("catchup", "yes", "catchup")]
    public void FromTrigger_BadSetting_Throws(string key, object value, string fragment)
    {
        var settings = new Dictionary<string, object?> { ["cron"] = "0 2 * * *", [key] = value };
        Should.Throw<SluiceException>(() => TriggerSchedules.FromTrigger("p", 0, new TriggerDefinition("cron", settings))).Message.ShouldContain(fragment);
    }

    [Fact]
    public void Interval_DefaultAnchorIsUnixEpoch_SoTheGridIgnoresStartTime()
    {
        var every = new IntervalSchedule(TimeSpan.FromMinutes(15));
        every.GetNextOccurrence(At("2026-01-01T10:07:31Z")).ShouldBe(At("2026-01-01T10:15:00Z"));
        every.GetNextOccurrence(At("2026-01-01T10:15:00Z")).ShouldBe(At("2026-01-01T10:30:00Z"));
    }

    [Fact]
    public void Interval_BeforeStartAt_FirstFireIsStartAt()
    {
        var every = new IntervalSchedule(TimeSpan.FromHours(6), At("2026-03-08T05:00:00-05:00"));
        every.GetNextOccurrence(At("2026-01-01T00:00:00Z")).ShouldBe(At("2026-03-08T10:00:00Z"));
        // Real elapsed time: the DST change that day does not shift the grid.
        every.GetNextOccurrence(At("2026-03-08T10:00:00Z")).ShouldBe(At("2026-03-08T16:00:00Z"));
    }

    [Fact]
    public void Interval_NonPositivePeriod_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new IntervalSchedule(TimeSpan.Zero));
    }

    [Fact]
    public void RunIdFor_IsDeterministicUtcBasicFormat()
    {
        ScheduledFire.RunIdFor("orders_etl", At("2026-03-01T03:00:00+01:00")).ShouldBe("orders_etl@20260301T020000Z");
        ScheduledFire.RunIdFor("p", At("2026-03-01T02:00:00.25Z")).ShouldBe("p@20260301T020000.25Z");
        new ScheduledFire("p", 1, At("2026-03-01T02:00:00Z"), true).RunId.ShouldBe("p@20260301T020000Z");
    }
}
