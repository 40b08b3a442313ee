using Sluice.Scheduling.Cron;
using static Sluice.Tests.Scheduling.Cron.CronNextOccurrenceTests;

namespace Sluice.Tests.Scheduling.Cron;

/// <summary>
/// 2026 transitions. New York: 2026-03-08 02:00 EST → 03:00 EDT (07:00Z); 2026-11-01 02:00 EDT → 01:00 EST (06:00Z).
/// Berlin: 2026-03-29 02:00 CET → 03:00 CEST (01:00Z); 2026-10-25 03:00 CEST → 02:00 CET (01:00Z).
/// </summary>
public sealed class CronDaylightSavingTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public void SpringForward_NewYork_SkippedTimeFiresOnceAtEndOfGap()
    {
        Walk("30 2 * * *", NewYork, "2026-03-07T00:00:00-05:00", 3)
            .ShouldBe([At("2026-03-07T02:30:00-05:00"), At("2026-03-08T03:00:00-04:00"), At("2026-03-09T02:30:00-04:00")]);
    }

    [Fact]
    public void SpringForward_NewYork_EveryThirtyMinutesFiresOnceAtThree()
    {
        Walk("*/30 * * * *", NewYork, "2026-03-08T01:00:00-05:00", 4)
            .ShouldBe([At("2026-03-08T01:30:00-05:00"), At("2026-03-08T03:00:00-04:00"), At("2026-03-08T03:30:00-04:00"), At("2026-03-08T04:00:00-04:00")]);
    }

    [Fact]
    public void SpringForward_NewYork_SeveralSkippedTimesCollapseIntoOneFire()
    {
        // 02:00, 02:15, 02:30 and 02:45 do not exist; one fire at 03:00, then 03:00 itself is not repeated.
        Walk("0,15,30,45 2,3 * * *", NewYork, "2026-03-08T00:00:00-05:00", 3)
            .ShouldBe([At("2026-03-08T03:00:00-04:00"), At("2026-03-08T03:15:00-04:00"), At("2026-03-08T03:30:00-04:00")]);
    }

    [Fact]
    public void SpringForward_Berlin_SkippedTimeFiresAtThreeCest()
    {
        Walk("30 2 * * *", Berlin, "2026-03-28T12:00:00Z", 2)
            .ShouldBe([At("2026-03-29T03:00:00+02:00"), At("2026-03-30T02:30:00+02:00")]);
        At("2026-03-29T03:00:00+02:00").UtcDateTime.ShouldBe(new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void SpringForward_Berlin_ExistingTimesAroundGapAreUnaffected()
    {
        Walk("0 1,3 * * *", Berlin, "2026-03-29T00:00:00+01:00", 3)
            .ShouldBe([At("2026-03-29T01:00:00+01:00"), At("2026-03-29T03:00:00+02:00"), At("2026-03-30T01:00:00+02:00")]);
    }

    [Fact]
    public void FallBack_NewYork_FixedTimeFiresOnlyOnFirstPass()
    {
        Walk("30 1 * * *", NewYork, "2026-10-31T00:00:00-04:00", 3)
            .ShouldBe([At("2026-10-31T01:30:00-04:00"), At("2026-11-01T01:30:00-04:00"), At("2026-11-02T01:30:00-05:00")]);
    }

    [Fact]
    public void FallBack_NewYork_EveryThirtyMinutesFiresOnBothPasses()
    {
        Walk("*/30 * * * *", NewYork, "2026-11-01T00:45:00-04:00", 5).ShouldBe([
            At("2026-11-01T01:00:00-04:00"), At("2026-11-01T01:30:00-04:00"),
            At("2026-11-01T01:00:00-05:00"), At("2026-11-01T01:30:00-05:00"),
            At("2026-11-01T02:00:00-05:00"),
        ]);
    }

    [Fact]
    public void FallBack_NewYork_HourlyFiresOnBothPasses()
    {
        Walk("@hourly", NewYork, "2026-11-01T00:30:00-04:00", 3)
            .ShouldBe([At("2026-11-01T01:00:00-04:00"), At("2026-11-01T01:00:00-05:00"), At("2026-11-01T02:00:00-05:00")]);
    }

    [Fact]
    public void FallBack_NewYork_FromMidFirstPass_EarlierMinutesComeRoundOnSecondPass()
    {
        // After 01:30 EDT: 01:40 EDT, then the second pass repeats 01:20 and 01:40, then 02:20 EST.
        Walk("20,40 * * * *", NewYork, "2026-11-01T01:30:00-04:00", 4).ShouldBe([
            At("2026-11-01T01:40:00-04:00"), At("2026-11-01T01:20:00-05:00"),
            At("2026-11-01T01:40:00-05:00"), At("2026-11-01T02:20:00-05:00"),
        ]);
    }

    [Fact]
    public void FallBack_NewYork_FromSecondPass_FixedTimeWaitsForNextDay()
    {
        var next = CronExpression.Parse("30 1 * * *").GetNextOccurrence(At("2026-11-01T01:10:00-05:00"), NewYork);
        next.ShouldBe(At("2026-11-02T01:30:00-05:00"));
    }

    [Fact]
    public void FallBack_Berlin_FixedTimeFiresOnlyOnFirstPass()
    {
        Walk("30 2 * * *", Berlin, "2026-10-24T12:00:00Z", 2)
            .ShouldBe([At("2026-10-25T02:30:00+02:00"), At("2026-10-26T02:30:00+01:00")]);
        At("2026-10-25T02:30:00+02:00").UtcDateTime.ShouldBe(new DateTime(2026, 10, 25, 0, 30, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void FallBack_Berlin_FixedHourWithMinuteStepFiresOnBothPasses()
    {
        // A step in the minute field makes an interval expression (Cronos, as Vixie cron): every 30 minutes of
        // real time while the wall clock shows 02:xx, and that hour happens twice.
        Walk("*/30 2 * * *", Berlin, "2026-10-25T01:50:00+02:00", 5).ShouldBe([
            At("2026-10-25T02:00:00+02:00"), At("2026-10-25T02:30:00+02:00"),
            At("2026-10-25T02:00:00+01:00"), At("2026-10-25T02:30:00+01:00"),
            At("2026-10-26T02:00:00+01:00"),
        ]);
    }

    [Fact]
    public void FallBack_NewYork_FixedTimesInAListFireOnlyOnFirstPass()
    {
        // Lists are not intervals: 01:00 and 01:30 happen once each on the fall-back day.
        Walk("0,30 1 * * *", NewYork, "2026-11-01T00:45:00-04:00", 3)
            .ShouldBe([At("2026-11-01T01:00:00-04:00"), At("2026-11-01T01:30:00-04:00"), At("2026-11-02T01:00:00-05:00")]);
    }

    [Fact]
    public void FallBack_NewYork_HourRangeFiresOnBothPasses()
    {
        // A range in the hour field is an interval too (Cronos; Vixie cron would count only '*').
        Walk("0 1-2 * * *", NewYork, "2026-11-01T00:30:00-04:00", 3)
            .ShouldBe([At("2026-11-01T01:00:00-04:00"), At("2026-11-01T01:00:00-05:00"), At("2026-11-01T02:00:00-05:00")]);
    }

    [Fact]
    public void SpringForward_NewYork_DayOrWeekdayRule_StillMovesSkippedTimeToEndOfGap()
    {
        // 2026-03-08 is a Sunday and the 8th: both halves of the POSIX OR rule land in the gap.
        Walk("30 2 8 * SUN", NewYork, "2026-03-07T00:00:00-05:00", 2)
            .ShouldBe([At("2026-03-08T03:00:00-04:00"), At("2026-03-15T02:30:00-04:00")]);
    }

    [Fact]
    public void FallBack_Berlin_EveryThirtyMinutesFiresOnBothPasses()
    {
        Walk("*/30 * * * *", Berlin, "2026-10-25T02:15:00+02:00", 4).ShouldBe([
            At("2026-10-25T02:30:00+02:00"), At("2026-10-25T02:00:00+01:00"),
            At("2026-10-25T02:30:00+01:00"), At("2026-10-25T03:00:00+01:00"),
        ]);
    }

    [Fact]
    public void FallBack_Berlin_SecondsExpressionCountsRealSeconds()
    {
        // Every 20 minutes at second 30: from the end of the first pass straight into the second.
        Walk("30 0/20 * * * *", Berlin, "2026-10-25T02:45:00+02:00", 2)
            .ShouldBe([At("2026-10-25T02:00:30+01:00"), At("2026-10-25T02:20:30+01:00")]);
    }

    private static List<DateTimeOffset> Walk(string cron, TimeZoneInfo zone, string start, int count)
    {
        var expression = CronExpression.Parse(cron);
        var at = At(start);
        var result = new List<DateTimeOffset>();
        for (var i = 0; i < count; i++)
        {
            at = expression.GetNextOccurrence(at, zone)!.Value;
            result.Add(at);
        }
        return result;
    }
}
