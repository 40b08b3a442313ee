using Sluice.Scheduling.Cron;

namespace Sluice.Tests.Scheduling.Cron;

public sealed class CronParseTests
{
    [Theory]
    [InlineData("0 2 * * *")]
    [InlineData("*/15 * * * *")]
    [InlineData("1-30/5 0-23/2 1,15 JAN-jun mon-FRI")]
    [InlineData("0 0 ? * MON")]
    [InlineData("0 0 1 * ?")]
    [InlineData("0 0 * * 7")]
    [InlineData("30 */10 * * * *")]
    [InlineData("  0 2 * * *  ")]
    [InlineData("@yearly")]
    [InlineData("@ANNUALLY")]
    [InlineData("@monthly")]
    [InlineData("@weekly")]
    [InlineData("@daily")]
    [InlineData("@midnight")]
    [InlineData("@hourly")]
    [InlineData("@every_minute")]
    [InlineData("0 22-2 * * *")]
    [InlineData("0 0 L * *")]
    [InlineData("0 0 15W * *")]
    [InlineData("0 0 * * 5#3")]
    [InlineData("0 0 * * FRIL")]
    [InlineData("? * * * *")]
    public void Parse_ValidExpression_Succeeds(string text)
    {
        CronExpression.Parse(text).Text.ShouldBe(text);
    }

    [Theory]
    [InlineData("0 2 * *", 1, null, "4 field(s)")]
    [InlineData("0 0 0 2 * * *", 1, null, "7 field(s)")]
    [InlineData("", 1, null, "0 field(s)")]
    [InlineData("@reboot", 1, null, "unknown shortcut")]
    [InlineData("0 25 * * *", 3, "hour", "between 0 and 23")]
    [InlineData("60 * * * *", 1, "minute", "between 0 and 59")]
    [InlineData("0 0 32 * *", 5, "day-of-month", "between 1 and 31")]
    [InlineData("0 0 0 * *", 5, "day-of-month", "between 1 and 31")]
    [InlineData("0 0 1-40 * *", 5, "day-of-month", "'1-40'")]
    [InlineData("0 0 * 13 *", 7, "month", "JAN-DEC")]
    [InlineData("0 0 * * 8", 9, "day-of-week", "SUN-SAT")]
    [InlineData("0 0 * FOO *", 7, "month", "'FOO'")]
    [InlineData("0 0 * * MON,BAD", 13, "day-of-week", "'BAD'")]
    [InlineData("*/0 * * * *", 1, "minute", "'*/0'")]
    [InlineData("0 */x * * *", 3, "hour", "'*/x'")]
    [InlineData("0 1,,2 * * MON", 5, "hour", "empty list entry")]
    [InlineData("0 0 H * *", 5, "day-of-month", "hashed")]
    [InlineData("0 0 30 2 *", 5, "day-of-month", "never fire")]
    [InlineData("0 0 31 APR,JUN *", 5, "day-of-month", "never fire")]
    [InlineData("61 0 0 * * *", 1, "second", "between 0 and 59")]
    [InlineData("0  0 0 * * 1-9", 12, "day-of-week", "'1-9'")]
    [InlineData("0 1,*/5 * * *", 3, "hour", "'1,*/5'")]
    [InlineData("0 0 1,5,9 * 2,MON,XYZ", 19, "day-of-week", "'XYZ'")]
    public void Parse_InvalidExpression_ReportsFieldAndColumn(string text, int column, string? field, string fragment)
    {
        var error = Should.Throw<CronFormatException>(() => CronExpression.Parse(text));
        error.Column.ShouldBe(column);
        error.Field.ShouldBe(field);
        error.Message.ShouldContain(fragment);
        error.Expression.ShouldBe(text);
    }

    [Fact]
    public void TryParse_InvalidExpression_ReturnsErrorWithoutThrowing()
    {
        CronExpression.TryParse("0 0 * * * * *", out var result, out var error).ShouldBeFalse();
        result.ShouldBeNull();
        error.ShouldNotBeNull().Message.ShouldContain("7 field(s)");
        CronExpression.TryParse(null, out _, out error).ShouldBeFalse();
        error.ShouldNotBeNull();
    }

    [Fact]
    public void TryParse_ValidExpression_ReturnsExpression()
    {
        CronExpression.TryParse("*/5 * * * *", out var result, out var error).ShouldBeTrue();
        error.ShouldBeNull();
        result.ShouldNotBeNull().Text.ShouldBe("*/5 * * * *");
    }

    [Fact]
    public void Parse_ThirtyFirstInSomeMonths_IsAccepted()
    {
        // The 31st exists in January, so this fires (in January only).
        CronExpression.Parse("0 0 31 JAN,APR *").Text.ShouldBe("0 0 31 JAN,APR *");
        // With a restricted weekday the POSIX OR rule applies, so it fires on Mondays in February.
        CronExpression.Parse("0 0 30 2 MON").Text.ShouldBe("0 0 30 2 MON");
    }
}
