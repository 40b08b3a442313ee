using Sluice.DataActions.IO.Http;

namespace Sluice.DataActions.Tests.IO.Http;

public sealed class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("3", 3.0)]
    [InlineData("0.5", 0.5)]
    [InlineData("0", 0.0)]
    [InlineData("86400", 300.0)] // capped at five minutes
    [InlineData("Mon, 07 Dec 2026 12:00:30 GMT", 30.0)]
    [InlineData("Mon, 07 Dec 2026 11:59:00 GMT", 0.0)] // a date in the past: retry now
    [InlineData("Tue, 08 Dec 2026 12:00:00 GMT", 300.0)]
    public void Readable_Values_GiveTheWait(string value, double seconds) =>
        RetryAfter.Parse(value, Now).ShouldBe(TimeSpan.FromSeconds(seconds));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("NaN")]
    public void Unreadable_Values_GiveNoWait(string? value) => RetryAfter.Parse(value, Now).ShouldBeNull();
}
