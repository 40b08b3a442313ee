using Sluice.Data.Quality.Checks;
using Sluice.Data.SchemaValidation;
using static Sluice.Data.Tests.SchemaValidation.SchemaTestData;

namespace Sluice.Data.Tests.SchemaValidation;

public sealed class SchemaDefinitionParseTests
{
    private static readonly Dictionary<string, TextPosition> Positions = new()
    {
        ["id"] = new(3, 3),
        ["id.type"] = new(3, 13),
        ["id.format"] = new(3, 30),
        ["id.pattern"] = new(4, 5),
        ["id.min"] = new(5, 5),
        ["table.min_rows"] = new(9, 13),
    };

    private static SchemaParseResult Parse(Dictionary<string, object?> values, IReadOnlyCollection<string>? columns = null) =>
        SchemaDefinition.Parse(values, p => Positions.GetValueOrDefault(p, new TextPosition(1, 1)), columns);

    [Fact]
    public void Parse_FlatForm_ReadsEveryRule()
    {
        var schema = Schema(Map(("email", Map(("type", "string"), ("nullable", false), ("pattern", "@"), ("min_length", 3L), ("max_length", 64L), ("unique", true), ("allowed_values", null)))));
        var c = schema.Columns.ShouldHaveSingleItem();
        (c.Name, c.Type, c.Nullable, c.Unique, c.MinLength, c.MaxLength, c.Pattern!.ToString()).ShouldBe(("email", SchemaType.String, false, true, (int?)3, (int?)64, "@"));
    }

    [Fact]
    public void Parse_BareTypeShorthand()
    {
        Schema(Map(("n", "numeric"))).Columns.ShouldHaveSingleItem().Type.ShouldBe(SchemaType.Numeric);
    }

    [Fact]
    public void Parse_UnknownDirective_ReportsFormatPosition()
    {
        var d = Parse(Map(("id", Map(("type", "date"), ("format", "%Y-%q"))))).Diagnostics.ShouldHaveSingleItem();
        d.Code.ShouldBe(SchemaErrorCodes.InvalidFormat);
        d.Position.ShouldBe(new TextPosition(3, 30));
        d.Message.ShouldContain("'%q'");
    }

    [Fact]
    public void Parse_BadRegex_ReportsPosition()
    {
        var d = Parse(Map(("id", Map(("type", "string"), ("pattern", "([a-z"))))).Diagnostics.ShouldHaveSingleItem();
        (d.Code, d.Position).ShouldBe((SchemaErrorCodes.InvalidRegex, new TextPosition(4, 5)));
    }

    [Fact]
    public void Parse_UnknownType_SuggestsClosest()
    {
        var d = Parse(Map(("id", Map(("type", "integr"))))).Diagnostics.ShouldHaveSingleItem();
        (d.Code, d.Position, d.Hint).ShouldBe((SchemaErrorCodes.UnknownType, new TextPosition(3, 13), "did you mean 'integer'?"));
    }

    [Fact]
    public void Parse_MalformedBoundsAndUnknownKeys_AllReported()
    {
        var result = Parse(Map(
            ("id", Map(("type", "integer"), ("min", "zero"), ("nullabel", false))),
            ("columns_x", Map(("type", "boolean"), ("min", 1L))),
            ("s", Map(("type", "string"), ("min_length", -1L)))));
        result.Succeeded.ShouldBeFalse();
        result.Diagnostics.Select(d => d.Code).ShouldBe([SchemaErrorCodes.UnknownKey, SchemaErrorCodes.MalformedBound, SchemaErrorCodes.RuleNotApplicable, SchemaErrorCodes.MalformedBound]);
        result.Diagnostics[0].Hint.ShouldBe("did you mean 'nullable'?");
        result.Diagnostics[1].Position.ShouldBe(new TextPosition(5, 5));
    }

    [Fact]
    public void Parse_UnknownColumn_WhenColumnsKnown()
    {
        var d = Parse(Map(("custmer_id", "integer")), ["customer_id", "amount"]).Diagnostics.ShouldHaveSingleItem();
        (d.Code, d.Hint).ShouldBe((SchemaErrorCodes.UnknownColumn, "did you mean 'customer_id'?"));
    }

    [Fact]
    public void Parse_TableMinRowsAboveMax_ReportsPosition()
    {
        var d = Parse(Map(("columns", Map(("a", "integer"))), ("table", Map(("min_rows", 5L), ("max_rows", 1L))))).Diagnostics.ShouldHaveSingleItem();
        (d.Code, d.Position).ShouldBe((SchemaErrorCodes.MalformedBound, new TextPosition(9, 13)));
    }

    [Theory]
    [InlineData("%Y-%m-%d", "2024-02-29", 2024, 2, 29, 0, 0, 0)]
    [InlineData("%d/%m/%y", "1/2/69", 1969, 2, 1, 0, 0, 0)]
    [InlineData("%d %b %Y %H:%M:%S.%f", "05 sep 2024 07:08:09.5", 2024, 9, 5, 7, 8, 9)]
    [InlineData("%B %d, %Y", "September 5, 2024", 2024, 9, 5, 0, 0, 0)]
    [InlineData("%Y-%j", "2024-060", 2024, 2, 29, 0, 0, 0)]
    [InlineData("100%% %Y", "100% 2024", 2024, 1, 1, 0, 0, 0)]
    public void DateFormat_ParsesDirectives(string pattern, string text, int y, int mo, int d, int h, int mi, int s)
    {
        DateFormat.TryCreate(pattern, out var format, out _).ShouldBeTrue();
        format!.TryParse(text, out var value).ShouldBeTrue();
        (value.Year, value.Month, value.Day, value.Hour, value.Minute, value.Second).ShouldBe((y, mo, d, h, mi, s));
    }

    [Theory]
    [InlineData("%Y-%m-%d", "2023-02-29")]
    [InlineData("%Y-%m-%d", "2024-01-01x")]
    [InlineData("%Y-%m-%d", "24-01-01")]
    [InlineData("%Y-%m-%d", "")]
    [InlineData("%H:%M", "24:00")]
    public void DateFormat_RejectsBadText(string pattern, string text)
    {
        DateFormat.TryCreate(pattern, out var format, out _).ShouldBeTrue();
        format!.TryParse(text, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("%Y-%m-%")]
    [InlineData("%Y %Q")]
    public void DateFormat_InvalidPattern_ExplainsWhy(string pattern)
    {
        DateFormat.TryCreate(pattern, out var format, out var error).ShouldBeFalse();
        format.ShouldBeNull();
        error.ShouldNotBeNullOrEmpty();
    }
}
