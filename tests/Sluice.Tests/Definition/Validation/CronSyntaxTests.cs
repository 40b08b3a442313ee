using Sluice.Definition.Validation;

namespace Sluice.Tests.Definition.Validation;

public class CronSyntaxTests
{
    [Theory]
    [InlineData("0 2 * * *")]
    [InlineData("*/5 * * * *")]
    [InlineData("0 9-17 * * MON-FRI")]
    [InlineData("0 0 1,15 JAN,jul *")]
    [InlineData("30 0 2 * * ?")]
    [InlineData("0 0 * * 7")]
    [InlineData("@daily")]
    public void Check_ValidExpression_ReturnsNull(string cron) => CronSyntax.Check(cron).ShouldBeNull();

    [Theory]
    [InlineData("0 2 * *", "4 field(s)")]
    [InlineData("60 * * * *", "minute field has '60'")]
    [InlineData("0 24 * * *", "hour field has '24'")]
    [InlineData("0 0 0 * *", "day-of-month field has '0'")]
    [InlineData("0 0 * FOO *", "month field has 'FOO'")]
    [InlineData("*/0 * * * *", "bad step '0'")]
    [InlineData("0 5-2 * * *", "ends before it starts")]
    [InlineData("? * * * *", "'?' is only allowed")]
    [InlineData("@sometimes", "unknown shortcut")]
    public void Check_InvalidExpression_ExplainsWhy(string cron, string fragment) => CronSyntax.Check(cron).ShouldNotBeNull().ShouldContain(fragment);
}
