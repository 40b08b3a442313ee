using Sluice.Data.Quality.Checks;

namespace Sluice.Data.Tests.Quality.Checks;

public sealed class CheckParserErrorTests
{
    private static readonly CheckParserOptions Columns = new()
    {
        Columns = ["amount", "email", "order_id", "ts"],
        Datasets = new Dictionary<string, IReadOnlyCollection<string>?> { ["customers"] = ["id", "name"], ["products"] = null },
    };

    private static QualityDiagnostic SingleError(string text, CheckParserOptions? options = null)
    {
        var result = CheckParser.Parse(text, options);
        result.Check.ShouldBeNull();
        return result.Diagnostics.ShouldHaveSingleItem();
    }

    [Fact]
    public void UnknownMetric_SuggestsTheClosestName()
    {
        var error = SingleError("missing_cnt(amount) = 0");
        error.Code.ShouldBe(CheckErrorCodes.UnknownMetric);
        error.Position.ShouldBe(new TextPosition(1, 1));
        error.Hint.ShouldBe("did you mean 'missing_count'?");
    }

    [Fact]
    public void UnknownColumn_ReportsItsColumnAndSuggestion()
    {
        var error = SingleError("missing_count(amout) = 0", Columns);
        error.Code.ShouldBe(CheckErrorCodes.UnknownColumn);
        error.Position.ShouldBe(new TextPosition(1, 15));
        error.Hint.ShouldBe("did you mean 'amount'?");
    }

    [Fact]
    public void UnknownReferenceDatasetAndColumn_AreBothReported()
    {
        var result = CheckParser.Parse("values in (order_id) must exist in customer (idd)", Columns);
        result.Diagnostics.Select(d => d.Code).ShouldBe([CheckErrorCodes.UnknownDataset]);
        result.Diagnostics[0].Hint.ShouldBe("did you mean 'customers'?");

        var column = SingleError("values in (order_id) must exist in customers (idd)", Columns);
        column.Code.ShouldBe(CheckErrorCodes.UnknownColumn);
        column.Position.ShouldBe(new TextPosition(1, 47));
    }

    [Fact]
    public void ReferenceDatasetWithUnknownColumns_AcceptsAnyColumn() =>
        CheckParser.Parse("values in (order_id) must exist in products (anything)", Columns).Diagnostics.ShouldBeEmpty();

    [Fact]
    public void UnknownReferenceDataset_WithoutACloseName_ListsTheKnownOnes()
    {
        SingleError("values in (order_id) must exist in warehouse (id)", Columns).Hint.ShouldBe("known data sets: customers, products");
        var none = SingleError("values in (order_id) must exist in customers (id)", new CheckParserOptions { Datasets = new Dictionary<string, IReadOnlyCollection<string>?>() });
        none.Code.ShouldBe(CheckErrorCodes.UnknownDataset);
        none.Position.ShouldBe(new TextPosition(1, 36));
        none.Hint.ShouldBe("no reference data sets are given");
    }

    [Theory]
    [InlineData("missing_percent(amount) <", 26)]
    [InlineData("missing_percent(amount) < abc", 27)]
    [InlineData("row_count between 10 and", 25)]
    [InlineData("row_count between 10 or 20", 22)]
    [InlineData("row_count not 5", 15)]
    public void MalformedThreshold_PointsAtTheBadToken(string text, int column)
    {
        var error = SingleError(text);
        error.Code.ShouldBe(CheckErrorCodes.MalformedThreshold);
        error.Position.ShouldBe(new TextPosition(1, column));
    }

    [Fact]
    public void BetweenWithBoundsReversed_IsMalformed()
    {
        var error = SingleError("row_count between 10 and 1");
        error.Code.ShouldBe(CheckErrorCodes.MalformedThreshold);
        error.Hint.ShouldBe("write: between 1 and 10");
    }

    [Fact]
    public void MalformedWarnString_IsReportedAtItsOwnOrigin()
    {
        var result = CheckParser.Parse(
            new SourceText("missing_percent(amount)", new TextPosition(4, 5)),
            warn: new SourceText("when >> 1", new TextPosition(4, 37)));
        var error = result.Diagnostics.ShouldHaveSingleItem();
        error.Code.ShouldBe(CheckErrorCodes.MalformedThreshold);
        error.Position.ShouldBe(new TextPosition(4, 43));
    }

    [Fact]
    public void WarnGivenInlineAndSeparately_IsReported()
    {
        var result = CheckParser.Parse(new SourceText("missing_percent(amount) warn when > 1"), warn: new SourceText("> 2"));
        result.Diagnostics.ShouldHaveSingleItem().Code.ShouldBe(CheckErrorCodes.MalformedThreshold);
    }

    [Fact]
    public void RegexThatDoesNotCompile_ReportsTheDotNetMessageAtThePattern()
    {
        var error = SingleError("invalid_count(email) = 0 valid regex '([a-z]+'");
        error.Code.ShouldBe(CheckErrorCodes.InvalidRegex);
        error.Position.ShouldBe(new TextPosition(1, 38));
        error.Message.ShouldContain("Not enough )'s");
    }

    [Fact]
    public void InvalidCountWithoutValidRule_IsReported() =>
        SingleError("invalid_count(email) = 0").Code.ShouldBe(CheckErrorCodes.ValidityClause);

    [Fact]
    public void ValidRuleOnAnotherMetric_IsReported() =>
        SingleError("missing_count(email) = 0 valid max 3").Code.ShouldBe(CheckErrorCodes.ValidityClause);

    [Fact]
    public void UnknownValidRule_SuggestsTheClosest() =>
        SingleError("invalid_count(email) = 0 valid regx 'a'").Hint.ShouldBe("did you mean 'regex'?");

    [Fact]
    public void FreshnessWithoutUnit_AndDurationElsewhere_AreReported()
    {
        SingleError("freshness(ts) < 1").Code.ShouldBe(CheckErrorCodes.Duration);
        SingleError("max(amount) < 1d").Code.ShouldBe(CheckErrorCodes.Duration);
        SingleError("freshness(ts) < 1y").Code.ShouldBe(CheckErrorCodes.Duration);
    }

    [Fact]
    public void CheckWithoutCondition_IsReported() =>
        SingleError("missing_count(amount)").Code.ShouldBe(CheckErrorCodes.MissingThreshold);

    [Fact]
    public void WrongColumnCount_IsReported()
    {
        SingleError("min(a, b) > 0").Code.ShouldBe(CheckErrorCodes.ArgumentCount);
        SingleError("row_count(a) > 0").Code.ShouldBe(CheckErrorCodes.ArgumentCount);
        SingleError("values in (a, b) must exist in customers (id)").Code.ShouldBe(CheckErrorCodes.ArgumentCount);
    }

    [Fact]
    public void EveryProblemInOneCheck_IsReported()
    {
        var result = CheckParser.Parse("invalid_count(emial) = 0 valid regex '['", Columns);
        result.Diagnostics.Select(d => d.Code).ShouldBe([CheckErrorCodes.UnknownColumn, CheckErrorCodes.InvalidRegex]);
    }

    [Fact]
    public void PositionsOnLaterLines_UseTheirOwnColumn()
    {
        // A YAML block scalar: the check starts at line 7, column 9; its second line is reported as line 8.
        var result = CheckParser.Parse(new SourceText("missing_percent(amount)\n  < oops", new TextPosition(7, 9)));
        result.Diagnostics.ShouldHaveSingleItem().Position.ShouldBe(new TextPosition(8, 5));
    }

    [Fact]
    public void OriginOffset_ShiftsTheFirstLine()
    {
        var result = CheckParser.Parse(new SourceText("mising_count(x) = 0", new TextPosition(3, 7)));
        result.Diagnostics.ShouldHaveSingleItem().Position.ShouldBe(new TextPosition(3, 7));
    }

    [Fact]
    public void TrailingGarbage_IsASyntaxError()
    {
        var error = SingleError("row_count > 0 please");
        error.Code.ShouldBe(CheckErrorCodes.Syntax);
        error.Position.ShouldBe(new TextPosition(1, 15));
    }

    [Fact]
    public void EmptyExpression_IsReported() =>
        SingleError("expression:   ").Code.ShouldBe(CheckErrorCodes.Syntax);

    [Fact]
    public void Diagnostic_ToString_ShowsPositionCodeAndHint() =>
        SingleError("missing_cnt(amount) = 0").ToString().ShouldBe("1:1: error QC001: Unknown metric 'missing_cnt'. (did you mean 'missing_count'?)");
}
