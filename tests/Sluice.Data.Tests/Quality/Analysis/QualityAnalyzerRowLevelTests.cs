using Sluice.Data.Batches;
using Sluice.Data.ColumnExpressions;
using Sluice.Data.Columns;
using Sluice.Data.Quality.Analysis;
using Sluice.Data.Quality.Checks;
using Sluice.Data.Quality.Evaluation;
using Sluice.Data.Quality.Metrics;
using Sluice.Data.Quarantine;

namespace Sluice.Data.Tests.Quality.Analysis;

/// <summary>Reference and expression checks over engine batches: counts, consistency, samples, quarantine, gates.</summary>
public sealed class QualityAnalyzerRowLevelTests
{
    private static readonly Schema OrdersSchema = new(
        new Field("customer_id", DataType.Int64), new Field("amount", DataType.Float64), new Field("qty", DataType.Int64));

    private static QualityCheck Check(string text) => CheckParser.Parse(text).Check.ShouldNotBeNull();

    //  row  customer_id  amount  qty   amount*qty >= 0   customer known (1, 2, 3)
    //   0        1          5      1     true              yes
    //   1        2         -2      1     false             yes
    //   2      null       null     2     null (skipped)    null key (skipped)
    //   --- batch 2 ---
    //   3        9          3    null    null (skipped)    no
    //   4        9         -1      4     false             no
    private static Table Orders() => new(OrdersSchema, [
        new RecordBatch(OrdersSchema, [ColumnFactory.Int64(1, 2, null), ColumnFactory.Float64(5, -2, null), ColumnFactory.Int64(1, 1, 2)], 3),
        new RecordBatch(OrdersSchema, [ColumnFactory.Int64(9, 9), ColumnFactory.Float64(3, -1), ColumnFactory.Int64(null, 4)], 2)]);

    private static MetricContext Context()
    {
        var customers = new ReferenceKeySet("customers", ["id"]);
        var schema = new Schema(new Field("id", DataType.Int64));
        using var batch = new RecordBatch(schema, [ColumnFactory.Int64(1, 2, 3)], 3);
        customers.Add(new RecordBatchView(batch));
        return new MetricContext
        {
            References = [customers],
            ExpressionCompiler = static (_, schema) => new ExpressionBinding(ExprCompiler.Compile(ColumnExprs.Col("amount").Multiply(ColumnExprs.Col("qty")).Ge(ColumnExprs.Lit(0L)), schema)),
        };
    }

    [Fact]
    public async Task ReferenceAndExpression_CountScoreSampleAndQuarantine()
    {
        using var data = Orders();
        var quarantine = new QuarantineCollector();
        var checks = new[] { Check("values in (customer_id) must exist in customers (id)"), Check("expression: amount * qty >= 0") };

        var report = await QualityAnalyzer.AnalyzeAsync(data, checks, new QualityAnalyzerOptions
        {
            Context = Context(),
            MaxFailingRowSamples = 1,
            Quarantine = quarantine,
            Gates = [new QualityGate("consistency", 0.5, GateAction.FailTask)],
        });

        report.Results[0].Metric.ShouldBe(new MetricResult(MetricKind.ReferenceMissingCount, 2, 5, 4, 2));
        report.Results[1].Metric.ShouldBe(new MetricResult(MetricKind.ExpressionViolationCount, 2, 5, 3, 2));
        report.Results.Select(r => r.Outcome).ShouldBe([CheckOutcome.Fail, CheckOutcome.Fail]);
        report.Scores.Consistency!.Value.ShouldBe(1 - 4.0 / 7, 1e-12);
        report.Verdict.ShouldBe(GateAction.FailTask);
        report.FailingRows.ShouldBe([
            new FailingRow(checks[1].Text, 1, "amount, qty", "-2, 1"),
            new FailingRow(checks[0].Text, 3, "customer_id", "9")]);
        quarantine.Records.Select(r => (r.Line, r.RawText)).ShouldBe([(2L, "amount=-2, qty=1"), (4L, "customer_id=9"), (5L, "customer_id=9"), (5L, "amount=-1, qty=4")]);
    }

    [Fact]
    public async Task Expression_ThatIsNotBoolean_IsAnErrorResult()
    {
        using var data = Orders();
        var context = new MetricContext { ExpressionCompiler = static (_, schema) => new ExpressionBinding(ExprCompiler.Compile(ColumnExprs.Col("amount"), schema)) };
        var report = await QualityAnalyzer.AnalyzeAsync(data, [Check("expression: amount")], new QualityAnalyzerOptions { Context = context });
        report.Results[0].Outcome.ShouldBe(CheckOutcome.Error);
        report.Results[0].Metric.Error.ShouldBe("The expression 'amount' gives float64 values, not booleans; write a condition such as 'amount >= 0'.");
        report.FailingRows.ShouldBeEmpty();
    }

    [Fact]
    public async Task Expression_BindingError_IsTheCheckError()
    {
        using var data = Orders();
        var context = new MetricContext { ExpressionCompiler = static (_, _) => ExpressionBinding.Failed("checks[0]:1:13: unknown column 'amout'") };
        var report = await QualityAnalyzer.AnalyzeAsync(data, [Check("expression: amout > 0")], new QualityAnalyzerOptions { Context = context });
        report.Results[0].Metric.Error.ShouldBe("checks[0]:1:13: unknown column 'amout'");
        report.Scores.Consistency.ShouldBeNull();
    }
}
