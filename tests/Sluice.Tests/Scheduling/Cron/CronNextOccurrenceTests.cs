using System.Globalization;
using Sluice.Scheduling.Cron;

namespace Sluice.Tests.Scheduling.Cron;

public sealed class CronNextOccurrenceTests
{
    // 2026-01-01 is a Thursday.
    [Theory]
    [InlineData("0 2 * * *", "2026-01-01T00:00:00Z", "2026-01-01T02:00:00Z")]
    [InlineData("0 2 * * *", "2026-01-01T02:00:00Z", "2026-01-02T02:00:00Z")]
    [InlineData("*/15 * * * *", "2026-01-01T00:07:00Z", "2026-01-01T00:15:00Z")]
    [InlineData("*/15 * * * *", "2026-01-01T23:45:00Z", "2026-01-02T00:00:00Z")]
    [InlineData("0 0 1 * *", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z")]
    [InlineData("0 9 * * MON-FRI", "2026-01-02T10:00:00Z", "2026-01-05T09:00:00Z")]
    [InlineData("0 0 29 2 *", "2026-01-01T00:00:00Z", "2028-02-29T00:00:00Z")]
    [InlineData("0 0 29 2 *", "2096-03-01T00:00:00Z", "2104-02-29T00:00:00Z")]
    [InlineData("0 0 1,15 * MON", "2026-01-01T00:00:00Z", "2026-01-05T00:00:00Z")]
    [InlineData("0 0 13 * FRI", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")]
    [InlineData("0 0 13 * ?", "2026-01-01T00:00:00Z", "2026-01-13T00:00:00Z")]
    [InlineData("0 0 */2 * FRI", "2026-01-01T00:00:00Z", "2026-01-09T00:00:00Z")]
    [InlineData("0 0 30 2 MON", "2026-01-01T00:00:00Z", "2026-02-02T00:00:00Z")]
    [InlineData("@yearly", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("@monthly", "2026-01-15T12:00:00Z", "2026-02-01T00:00:00Z")]
    [InlineData("@weekly", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z")]
    [InlineData("@daily", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")]
    [InlineData("@hourly", "2026-01-01T00:59:59.5Z", "2026-01-01T01:00:00Z")]
    [InlineData("0 12 * * 7", "2026-01-01T00:00:00Z", "2026-01-04T12:00:00Z")]
    [InlineData("15 10 * * SUN", "2026-01-01T00:00:00Z", "2026-01-04T10:15:00Z")]
    [InlineData("0 0 31 * *", "2026-01-31T00:00:00Z", "2026-03-31T00:00:00Z")]
    [InlineData("1-30/5 * * * *", "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z")]
    [InlineData("1-30/5 * * * *", "2026-01-01T00:26:00Z", "2026-01-01T01:01:00Z")]
    [InlineData("5/15 * * * *", "2026-01-01T00:50:00Z", "2026-01-01T01:05:00Z")]
    [InlineData("0 0 * JAN,JUL *", "2026-01-31T00:00:00Z", "2026-07-01T00:00:00Z")]
    [InlineData("59 23 31 12 *", "2026-12-31T23:59:00Z", "2027-12-31T23:59:00Z")]
    [InlineData("0 22 * * 1-5", "2026-01-02T22:00:00Z", "2026-01-05T22:00:00Z")]
    [InlineData("*/10 * * * * *", "2026-01-01T00:00:05Z", "2026-01-01T00:00:10Z")]
    [InlineData("30 0 0 * * *", "2026-01-01T00:00:30Z", "2026-01-02T00:00:30Z")]
    [InlineData("0 0 0 1 1 *", "2026-06-01T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("* * * * *", "2026-01-01T00:00:00.001Z", "2026-01-01T00:01:00Z")]
    [InlineData("0 0 L * *", "2026-02-01T00:00:00Z", "2026-02-28T00:00:00Z")]
    [InlineData("0 0 * * 5#3", "2026-01-01T00:00:00Z", "2026-01-16T00:00:00Z")]
    [InlineData("0 0 * * 5L", "2026-01-01T00:00:00Z", "2026-01-30T00:00:00Z")]
    [InlineData("0 0 1W * *", "2026-02-01T00:00:00Z", "2026-02-02T00:00:00Z")]
    [InlineData("0 23-1 * * *", "2026-01-01T01:30:00Z", "2026-01-01T23:00:00Z")]
    [InlineData("0 0 L * MON", "2026-01-01T00:00:00Z", "2026-01-05T00:00:00Z")]
    public void GetNextOccurrence_Utc_MatchesHandComputedInstant(string cron, string after, string expected)
    {
        var next = CronExpression.Parse(cron).GetNextOccurrence(At(after), TimeZoneInfo.Utc);
        next.ShouldBe(At(expected));
    }

    [Fact]
    public void GetNextOccurrence_ZoneWithoutDst_UsesLocalWallClock()
    {
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var next = CronExpression.Parse("0 2 * * *").GetNextOccurrence(At("2026-01-01T00:00:00Z"), tokyo);
        next.ShouldBe(At("2026-01-01T17:00:00Z"));
        next!.Value.Offset.ShouldBe(TimeSpan.FromHours(9));
    }

    [Fact]
    public void GetNextOccurrence_ReturnsOffsetOfZone()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var next = CronExpression.Parse("0 12 * * *").GetNextOccurrence(At("2026-07-01T00:00:00Z"), berlin);
        next.ShouldBe(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.FromHours(2)));
        next!.Value.Offset.ShouldBe(TimeSpan.FromHours(2));
    }

    [Fact]
    public void GetNextOccurrence_SuccessiveCalls_WalkTheSchedule()
    {
        var cron = CronExpression.Parse("0 8,17 * * MON-FRI");
        var at = At("2026-01-02T12:00:00Z"); // Friday
        var seen = new List<DateTimeOffset>();
        for (var i = 0; i < 4; i++)
        {
            at = cron.GetNextOccurrence(at, TimeZoneInfo.Utc)!.Value;
            seen.Add(at);
        }
        seen.ShouldBe([At("2026-01-02T17:00:00Z"), At("2026-01-05T08:00:00Z"), At("2026-01-05T17:00:00Z"), At("2026-01-06T08:00:00Z")]);
    }

    internal static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
