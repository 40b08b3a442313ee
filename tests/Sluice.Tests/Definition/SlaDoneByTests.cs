using Sluice.Definition;

namespace Sluice.Tests.Definition;

public sealed class SlaDoneByTests
{
    // Paris: clocks go forward 2026-03-29 02:00 → 03:00 (CET +01 → CEST +02) and back 2026-10-25 03:00 → 02:00.
    [Theory]
    [InlineData("2026-03-27T05:00:00Z", "06:00", "2026-03-28T05:00:00Z")] // fired in winter, due in winter: 06:00 CET
    [InlineData("2026-03-28T05:00:00Z", "06:00", "2026-03-29T04:00:00Z")] // due the morning the clocks went forward: 06:00 CEST
    [InlineData("2026-03-28T05:00:00Z", "02:30", "2026-03-29T01:30:00Z")] // 02:30 does not exist that day: the instant after the jump (03:30 CEST)
    [InlineData("2026-10-24T04:00:00Z", "02:30", "2026-10-25T00:30:00Z")] // 02:30 happens twice: the first (CEST)
    [InlineData("2026-10-24T04:00:00Z", "06:00", "2026-10-25T05:00:00Z")] // due after the clocks went back: 06:00 CET
    [InlineData("2026-06-01T22:30:00Z", "06:00", "2026-06-03T04:00:00Z")] // 22:30 UTC is already June 2 in Paris: due June 3
    [InlineData("2026-06-01T21:59:00Z", "06:00", "2026-06-02T04:00:00Z")] // 23:59 Paris on June 1: due June 2
    public void DeadlineFor_IsTheLocalTimeOnTheDayAfterTheLocalDayTheScheduleFired(string fired, string at, string expected)
    {
        var doneBy = new SlaDoneBy(TimeOnly.Parse(at, System.Globalization.CultureInfo.InvariantCulture), "Europe/Paris");
        doneBy.DeadlineFor(DateTimeOffset.Parse(fired, System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBe(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void DeadlineFor_Utc_IsTheNextUtcDay()
    {
        new SlaDoneBy(new TimeOnly(6, 0), "UTC").DeadlineFor(new DateTimeOffset(2026, 1, 5, 23, 0, 0, TimeSpan.Zero))
            .ShouldBe(new DateTimeOffset(2026, 1, 6, 6, 0, 0, TimeSpan.Zero));
    }
}
