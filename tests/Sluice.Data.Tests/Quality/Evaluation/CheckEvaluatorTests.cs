using Sluice.Data.Quality.Checks;
using Sluice.Data.Quality.Evaluation;
using Sluice.Data.Quality.Metrics;

namespace Sluice.Data.Tests.Quality.Evaluation;

public sealed class CheckEvaluatorTests
{
    private static QualityCheck Check(string text) => CheckParser.Parse(text).Check.ShouldNotBeNull();

    private static CheckOutcome Outcome(string check, double? value, string? error = null) =>
        CheckEvaluator.Evaluate(Check(check), new MetricResult(Check(check).Metric, value, 10, 10, 0, error)).Outcome;

    [Theory]
    [InlineData(0.5, CheckOutcome.Pass)]
    [InlineData(1.0, CheckOutcome.Pass)]
    [InlineData(3.0, CheckOutcome.Warn)]
    [InlineData(7.0, CheckOutcome.Fail)]
    public void WarnAndFailThresholds_AreTriggers(double value, CheckOutcome expected) =>
        Outcome("missing_percent(amount) warn when > 1 fail when > 5", value).ShouldBe(expected);

    [Theory]
    [InlineData(999, CheckOutcome.Fail)]
    [InlineData(1000, CheckOutcome.Pass)]
    [InlineData(10000000, CheckOutcome.Pass)]
    [InlineData(10000001, CheckOutcome.Fail)]
    public void InlineCondition_IsThePassCondition(double rows, CheckOutcome expected) =>
        Outcome("row_count between 1000 and 10000000", rows).ShouldBe(expected);

    [Fact]
    public void PassConditionAndWarn_WarnOnlyWhenPassHolds()
    {
        Outcome("duplicate_count(id) < 10 warn when > 0", 3).ShouldBe(CheckOutcome.Warn);
        Outcome("duplicate_count(id) < 10 warn when > 0", 12).ShouldBe(CheckOutcome.Fail);
    }

    [Fact]
    public void UndefinedValue_IsNoData() => Outcome("avg(x) > 0", null).ShouldBe(CheckOutcome.NoData);

    [Fact]
    public void MetricError_IsError() => Outcome("avg(x) > 0", null, "Column 'x' is not in the data.").ShouldBe(CheckOutcome.Error);

    [Fact]
    public void Message_ShowsValueAndTheConditionThatDecided()
    {
        var check = Check("missing_percent(amount) warn when > 1 fail when > 5");
        CheckEvaluator.Evaluate(check, new MetricResult(MetricKind.MissingPercent, 7.5, 40, 40, 3)).Message
            .ShouldBe("missing_percent(amount) warn when > 1 fail when > 5 → 7.5: fail when > 5");
    }

    [Fact]
    public void Runner_StreamsBatchesThroughEveryCheck()
    {
        var runner = new QualityCheckRunner([Check("row_count >= 4"), Check("missing_count(a) = 0"), Check("max(a) <= 10")]);
        runner.Accumulate(new TableView(("a", ColumnViews.Numbers(1, 2))));
        runner.Accumulate(new TableView(("a", ColumnViews.Numbers(null, 11))));
        runner.Evaluate().Select(r => r.Outcome).ShouldBe([CheckOutcome.Pass, CheckOutcome.Fail, CheckOutcome.Fail]);
    }
}
