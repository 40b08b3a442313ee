using Sluice.Data.Quality.Checks;

namespace Sluice.Data.Tests.Quality.Checks;

public sealed class CheckParserTests
{
    private static QualityCheck Parse(string text, CheckParserOptions? options = null)
    {
        var result = CheckParser.Parse(text, options);
        result.Diagnostics.ShouldBeEmpty(string.Join("\n", result.Diagnostics));
        return result.Check.ShouldNotBeNull();
    }

    [Fact]
    public void Parse_RowCountBetween_GivesInclusiveRange()
    {
        var check = Parse("row_count between 1000 and 10000000");
        check.Metric.ShouldBe(MetricKind.RowCount);
        check.Columns.ShouldBeEmpty();
        check.PassWhen.ShouldBe(new Threshold(ComparisonOperator.Between, 1000, 10000000));
    }

    [Theory]
    [InlineData("row_count > 0", MetricKind.RowCount, ComparisonOperator.Greater, 0)]
    [InlineData("missing_count(col) = 0", MetricKind.MissingCount, ComparisonOperator.Equal, 0)]
    [InlineData("missing_percent(amount) < 1", MetricKind.MissingPercent, ComparisonOperator.Less, 1)]
    [InlineData("missing_percent(amount) < 1%", MetricKind.MissingPercent, ComparisonOperator.Less, 1)]
    [InlineData("duplicate_count(order_id) = 0", MetricKind.DuplicateCount, ComparisonOperator.Equal, 0)]
    [InlineData("min(amount) >= 0", MetricKind.Min, ComparisonOperator.GreaterOrEqual, 0)]
    [InlineData("max(x) <= 10", MetricKind.Max, ComparisonOperator.LessOrEqual, 10)]
    [InlineData("sum(x) > 0", MetricKind.Sum, ComparisonOperator.Greater, 0)]
    [InlineData("stddev(x) < 3", MetricKind.Stddev, ComparisonOperator.Less, 3)]
    [InlineData("distinct_count(x) >= 2", MetricKind.DistinctCount, ComparisonOperator.GreaterOrEqual, 2)]
    [InlineData("min(delta) > -1.5e2", MetricKind.Min, ComparisonOperator.Greater, -150)]
    [InlineData("max(x) != 3", MetricKind.Max, ComparisonOperator.NotEqual, 3)]
    public void Parse_SimpleMetricChecks(string text, MetricKind metric, ComparisonOperator op, double value)
    {
        var check = Parse(text);
        check.Metric.ShouldBe(metric);
        check.PassWhen.ShouldBe(new Threshold(op, value, value));
    }

    [Fact]
    public void Parse_AvgNotBetween_IsNegated()
    {
        var check = Parse("avg(x) not between 1 and 5");
        check.PassWhen!.Operator.ShouldBe(ComparisonOperator.NotBetween);
        check.PassWhen.Matches(0.5).ShouldBeTrue();
        check.PassWhen.Matches(3).ShouldBeFalse();
    }

    [Fact]
    public void Parse_DuplicatePercentWithTwoColumns_KeepsBoth()
    {
        var check = Parse("duplicate_percent(a, b) < 0.1");
        check.Columns.ShouldBe(["a", "b"]);
    }

    [Fact]
    public void Parse_QuotedColumnName_AllowsSpaces() =>
        Parse("missing_count(\"order date\") = 0").Columns.ShouldBe(["order date"]);

    [Fact]
    public void Parse_FreshnessDuration_IsInSeconds()
    {
        Parse("freshness(ts) < 1d").PassWhen.ShouldBe(new Threshold(ComparisonOperator.Less, 86400, 86400, IsDuration: true));
        Parse("freshness(ts) < 1h30m").PassWhen!.Value.ShouldBe(5400);
    }

    [Fact]
    public void Parse_InvalidCountWithEveryValidClause_CollectsRules()
    {
        var check = Parse("invalid_count(code) = 0 valid regex '^[A-Z]\\d+$' valid values ('A1', 'B2') valid min 0 valid max 10 valid length between 1 and 50");
        var rules = check.Validity.ShouldNotBeNull();
        rules.Regex.ShouldNotBeNull().ToString().ShouldBe("^[A-Z]\\d+$");
        rules.Values.ShouldBe(["A1", "B2"]);
        rules.Min.ShouldBe(0);
        rules.Max.ShouldBe(10);
        rules.MinLength.ShouldBe(1);
        rules.MaxLength.ShouldBe(50);
    }

    [Fact]
    public void Parse_ValidValuesWithQuoteEscape_UnescapesDoubledQuote() =>
        Parse("invalid_percent(name) < 0.5 valid values ('O''Brien')").Validity!.Values.ShouldBe(["O'Brien"]);

    [Fact]
    public void Parse_InlineWarnAndFail_AreTriggerConditions()
    {
        var check = Parse("missing_percent(amount) warn when > 1 fail when > 5");
        check.PassWhen.ShouldBeNull();
        check.WarnWhen.ShouldBe(new Threshold(ComparisonOperator.Greater, 1, 1));
        check.FailWhen.ShouldBe(new Threshold(ComparisonOperator.Greater, 5, 5));
    }

    [Fact]
    public void Parse_SeparateWarnAndFailStrings_AsInYaml()
    {
        var result = CheckParser.Parse(new SourceText("missing_percent(amount)"), new SourceText("> 1"), new SourceText("when between 5 and 100"));
        var check = result.Check.ShouldNotBeNull();
        check.WarnWhen.ShouldBe(new Threshold(ComparisonOperator.Greater, 1, 1));
        check.FailWhen.ShouldBe(new Threshold(ComparisonOperator.Between, 5, 100));
    }

    [Fact]
    public void Parse_ReferenceCheck_DefaultsToNoMissingKeys()
    {
        var check = Parse("values in (customer_id) must exist in customers (id)");
        check.Metric.ShouldBe(MetricKind.ReferenceMissingCount);
        check.Columns.ShouldBe(["customer_id"]);
        check.Reference.ShouldBe(new ReferenceTarget("customers", ["id"]), new ReferenceTargetComparer());
        check.PassWhen.ShouldBe(new Threshold(ComparisonOperator.Equal, 0, 0));
    }

    [Fact]
    public void Parse_ExpressionCheck_KeepsTextAndItsPosition()
    {
        var result = CheckParser.Parse(new SourceText("expression:  amount * quantity >= 0", new TextPosition(12, 9)));
        var check = result.Check.ShouldNotBeNull();
        check.Metric.ShouldBe(MetricKind.ExpressionViolationCount);
        check.Expression.ShouldBe("amount * quantity >= 0");
        check.ExpressionPosition.ShouldBe(new TextPosition(12, 22));
        check.PassWhen.ShouldBe(new Threshold(ComparisonOperator.Equal, 0, 0));
    }

    [Fact]
    public void Parse_ExpressionCheckWithFailString_DropsTheDefault()
    {
        var check = CheckParser.Parse(new SourceText("expression: a < b"), fail: new SourceText("> 10")).Check.ShouldNotBeNull();
        check.PassWhen.ShouldBeNull();
        check.FailWhen!.Value.ShouldBe(10);
    }

    private sealed class ReferenceTargetComparer : IEqualityComparer<ReferenceTarget?>
    {
        public bool Equals(ReferenceTarget? x, ReferenceTarget? y) => x?.Dataset == y?.Dataset && x!.Columns.SequenceEqual(y!.Columns);

        public int GetHashCode(ReferenceTarget? obj) => 0;
    }
}
