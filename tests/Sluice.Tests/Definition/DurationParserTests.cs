using Sluice.Definition;

namespace Sluice.Tests.Definition;

public class DurationParserTests
{
    [Theory]
    [InlineData("500ms", 0, 0, 0, 500)]
    [InlineData("30s", 0, 0, 30, 0)]
    [InlineData("5m", 0, 5, 0, 0)]
    [InlineData("1h30m", 1, 30, 0, 0)]
    [InlineData("1h 30m", 1, 30, 0, 0)]
    [InlineData("2d", 48, 0, 0, 0)]
    [InlineData("1.5h", 1, 30, 0, 0)]
    [InlineData("PT5M", 0, 5, 0, 0)]
    [InlineData("P1DT2H", 26, 0, 0, 0)]
    [InlineData("90", 0, 1, 30, 0)]
    [InlineData(" 0 ", 0, 0, 0, 0)]
    public void Parse_ValidText_ReturnsDuration(string text, int hours, int minutes, int seconds, int ms) =>
        DurationParser.Parse(text).ShouldBe(new TimeSpan(0, hours, minutes, seconds, ms));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("5x", "unknown unit 'x' at position 2")]
    [InlineData("30m1h", "must come after larger units")]
    [InlineData("5m5m", "must come after larger units")]
    [InlineData("-5s", "negative")]
    [InlineData("-5", "negative")]
    [InlineData("1h30", "has no unit")]
    [InlineData("abc", "expected a number at position 1")]
    [InlineData("PT5X", "not an ISO 8601 duration")]
    public void TryParse_InvalidText_ExplainsTheProblem(string text, string fragment)
    {
        DurationParser.TryParse(text, out _, out var error).ShouldBeFalse();
        error.ShouldNotBeNull().ShouldContain(fragment);
    }

    [Fact]
    public void Parse_InvalidText_ThrowsFormatException() =>
        Should.Throw<FormatException>(() => DurationParser.Parse("soon")).Message.ShouldContain("'soon'");

    [Theory]
    [InlineData("1h30m")]
    [InlineData("500ms")]
    [InlineData("2d3h4m5s")]
    [InlineData("0s")]
    public void Format_RoundTripsThroughParse(string text) =>
        DurationParser.Format(DurationParser.Parse(text)).ShouldBe(text);
}
