using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Quality.Analysis;
using Sluice.Data.Quality.Checks;
using Sluice.Data.Quality.Evaluation;
using Sluice.Data.Quarantine;

namespace Sluice.Data.Tests.Quality.Analysis;

public sealed class QualityAnalyzerTests
{
    private static QualityCheck Check(string text) => CheckParser.Parse(text).Check.ShouldNotBeNull();

    // The seed 002 data, small: ids 1..4 with id 2 twice, one missing category, one invalid category.
    private static Table Data()
    {
        var schema = new Schema(new Field("id", DataType.Int64), new Field("category", DataType.String));
        return new Table(schema, [
            new RecordBatch(schema, [ColumnFactory.Int64(1, 2, 3), ColumnFactory.String("A", null, "B")], 3),
            new RecordBatch(schema, [ColumnFactory.Int64(4, 2), ColumnFactory.DictionaryString("X", "A")], 2)]);
    }

    [Fact]
    public async Task Analyze_ScoresGatesSamplesAndRecommendations()
    {
        using var data = Data();
        var quarantine = new QuarantineCollector();
        var checks = new[]
        {
            Check("missing_count(category) = 0"),
            Check("invalid_count(category) = 0 valid values ('A', 'B', 'C')"),
            Check("duplicate_count(id) = 0"),
        };
        var report = await QualityAnalyzer.AnalyzeAsync(data, checks, new QualityAnalyzerOptions
        {
            Gates = [new QualityGate("completeness", 0.9, GateAction.Warn), new QualityGate("overall", 0.5, GateAction.FailTask), new QualityGate("timeliness", 1, GateAction.FailRun)],
            MaxFailingRowSamples = 1,
            Quarantine = quarantine,
        });

        report.Rows.ShouldBe(5);
        report.Results.Select(r => r.Outcome).ShouldBe([CheckOutcome.Fail, CheckOutcome.Fail, CheckOutcome.Fail]);
        report.Scores.Completeness.ShouldBe(0.8);           // 1 − 1/5
        report.Scores.Validity.ShouldBe(0.75);              // 1 − 1/4 non-null
        report.Scores.Uniqueness.ShouldBe(0.8);             // 1 − (5 − 4)/5
        report.Scores.Overall!.Value.ShouldBe((0.8 + 0.75 + 0.8) / 3, 1e-12);
        report.Gates.Select(g => g.Passed).ShouldBe([false, true, true]); // nothing measures timeliness: the gate does not trip
        report.Verdict.ShouldBe(GateAction.Warn);
        report.FailingRows.ShouldBe([new FailingRow(checks[0].Text, 1, "category", null), new FailingRow(checks[1].Text, 3, "category", "X")]);
        quarantine.Count.ShouldBe(2);
        report.Recommendations.ShouldContain(r => r.StartsWith("id: 1 duplicate key(s)", StringComparison.Ordinal));
        report.Recommendations.ShouldContain(r => r.StartsWith("validity is low", StringComparison.Ordinal));
        report.ScoreMap().Keys.ShouldBe(["overall", "completeness", "validity", "uniqueness"]);
    }

    [Fact]
    public async Task Analyze_EmptyInput_NoScoresNoNaN()
    {
        var schema = new Schema(new Field("id", DataType.Int64));
        using var data = new Table(schema, []);
        var report = await QualityAnalyzer.AnalyzeAsync(data, [Check("missing_percent(id) < 1")], new QualityAnalyzerOptions { Gates = [new QualityGate("overall", 0.9, GateAction.FailTask)] });
        report.Scores.Completeness.ShouldBeNull();
        report.Scores.Overall.ShouldBeNull();
        report.Verdict.ShouldBeNull();
        report.Recommendations.ShouldBeEmpty();
    }
}
