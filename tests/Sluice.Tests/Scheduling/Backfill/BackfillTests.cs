using Microsoft.Data.Sqlite;
using Sluice.Definition;
using Sluice.Diagnostics;
using Sluice.Scheduling.Backfill;
using Sluice.Scheduling.Cron;
using Sluice.Scheduling.Triggers;
using Sluice.Sqlite.Scheduling;
using Sluice.Tests.Testing;
using static Sluice.Tests.Scheduling.Cron.CronNextOccurrenceTests;

namespace Sluice.Tests.Scheduling.Backfill;

public sealed class BackfillTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Fact]
    public void Plan_DailyCron_IncludesBothEndsOfTheRange()
    {
        var dates = BackfillPlanner.Plan(new CronSchedule(CronExpression.Parse("0 2 * * *")), At("2026-01-01T02:00:00Z"), At("2026-01-04T02:00:00Z"));
        dates.ShouldBe([At("2026-01-01T02:00:00Z"), At("2026-01-02T02:00:00Z"), At("2026-01-03T02:00:00Z"), At("2026-01-04T02:00:00Z")]);
    }

    [Fact]
    public void Plan_RangeBetweenOccurrences_StartsAtTheFirstOneInside()
    {
        var dates = BackfillPlanner.Plan(new CronSchedule(CronExpression.Parse("0 2 * * *")), At("2026-01-01T03:00:00Z"), At("2026-01-03T01:59:59Z"));
        dates.ShouldBe([At("2026-01-02T02:00:00Z")]);
    }

    [Fact]
    public void Plan_AcrossSpringForwardInNewYork_FollowsTheDstRule()
    {
        var dates = BackfillPlanner.Plan(new CronSchedule(CronExpression.Parse("30 2 * * *"), NewYork), At("2026-03-07T00:00:00-05:00"), At("2026-03-09T23:00:00-04:00"));
        dates.ShouldBe([At("2026-03-07T02:30:00-05:00"), At("2026-03-08T03:00:00-04:00"), At("2026-03-09T02:30:00-04:00")]);
    }

    [Fact]
    public void Plan_MoreDatesThanTheCap_Throws()
    {
        var error = Should.Throw<SluiceException>(() => BackfillPlanner.Plan(new IntervalSchedule(TimeSpan.FromMinutes(1)), At("2026-01-01T00:00:00Z"), At("2026-01-02T00:00:00Z"), maxDates: 100));
        error.Message.ShouldContain("more than 100 dates");
    }

    [Fact]
    public void Plan_EndBeforeStart_Throws()
    {
        Should.Throw<ArgumentException>(() => BackfillPlanner.Plan(new IntervalSchedule(TimeSpan.FromHours(1)), At("2026-01-02T00:00:00Z"), At("2026-01-01T00:00:00Z")));
    }

    [Fact]
    public void Plan_Pipeline_UsesFirstTimeTrigger_AndRejectsPipelinesWithout()
    {
        var pipeline = new PipelineDefinition
        {
            Id = "p",
            Triggers =
            [
                new("webhook", new Dictionary<string, object?>()),
                new("interval", new Dictionary<string, object?> { ["every"] = "12h" }),
            ],
        };
        BackfillPlanner.Plan(pipeline, At("2026-01-01T00:00:00Z"), At("2026-01-02T00:00:00Z"))
            .ShouldBe([At("2026-01-01T00:00:00Z"), At("2026-01-01T12:00:00Z"), At("2026-01-02T00:00:00Z")]);
        BackfillPlanner.FindTrigger(pipeline).TriggerIndex.ShouldBe(1);
        Should.Throw<SluiceException>(() => BackfillPlanner.FindTrigger(pipeline, triggerIndex: 0)).Message.ShouldContain("Trigger 1 of pipeline 'p'");
        Should.Throw<SluiceException>(() => BackfillPlanner.Plan(new PipelineDefinition { Id = "q" }, At("2026-01-01T00:00:00Z"), At("2026-01-02T00:00:00Z")))
            .Message.ShouldContain("no cron or interval trigger");
    }

    [Fact]
    public void IdFor_SameRequest_SameId()
    {
        BackfillPlanner.IdFor("p", 0, At("2026-01-01T00:00:00+01:00"), At("2026-01-07T00:00:00Z"))
            .ShouldBe("p#0:20251231T230000Z-20260107T000000Z");
    }

    [Fact]
    public async Task Record_InterruptedAndReopened_ResumesWithRemainingDates()
    {
        using var dir = new TempDirectory();
        var from = At("2026-01-01T00:00:00Z");
        var to = At("2026-01-05T00:00:00Z");
        var dates = BackfillPlanner.Plan(new CronSchedule(CronExpression.Parse("@daily")), from, to);
        var id = BackfillPlanner.IdFor("p", 0, from, to);
        await using (var store = new SqliteScheduleStore(dir.File("sluice.db")))
        {
            await store.InitializeAsync();
            var created = await store.CreateOrResumeBackfillAsync(id, "p", 0, from, to, dates, At("2026-02-01T00:00:00Z"));
            created.Remaining.Count.ShouldBe(5);
            (await store.MarkBackfillDateDoneAsync(id, dates[0], At("2026-02-01T00:01:00Z"))).ShouldBeTrue();
            (await store.MarkBackfillDateDoneAsync(id, dates[1], At("2026-02-01T00:02:00Z"))).ShouldBeTrue();
            (await store.MarkBackfillDateDoneAsync(id, At("2026-01-01T12:00:00Z"), At("2026-02-01T00:02:00Z"))).ShouldBeFalse();
        }

        await using (var store = new SqliteScheduleStore(dir.File("sluice.db")))
        {
            await store.InitializeAsync();
            var resumed = await store.CreateOrResumeBackfillAsync(id, "p", 0, from, to, dates, At("2026-02-02T00:00:00Z"));
            resumed.CreatedAt.ShouldBe(At("2026-02-01T00:00:00Z"));
            resumed.Done.Count.ShouldBe(2);
            resumed.Remaining.ShouldBe(dates.Skip(2).ToList());
            resumed.IsComplete.ShouldBeFalse();
            foreach (var d in resumed.Remaining)
            {
                await store.MarkBackfillDateDoneAsync(id, d, At("2026-02-02T00:00:00Z"));
            }
            (await store.GetBackfillAsync(id))!.IsComplete.ShouldBeTrue();
            (await store.ListBackfillsAsync("p")).Single().Id.ShouldBe(id);
            await Should.ThrowAsync<SluiceException>(() => store.CreateOrResumeBackfillAsync(id, "p", 0, from, to.AddDays(1), dates, At("2026-02-02T00:00:00Z")));
        }
        SqliteConnection.ClearAllPools();
    }
}
