using Sluice.Data.Quality.Checks;
using Sluice.Data.Quality.Evaluation;
using Sluice.Data.Quality.Metrics;
using Sluice.Data.Quality.Scoring;

namespace Sluice.Data.Tests.Quality.Scoring;

public sealed class QualityScorerTests
{
    private static CheckResult Result(string text, double? value, long evaluated, long failing)
    {
        var check = CheckParser.Parse(text).Check.ShouldNotBeNull();
        return CheckEvaluator.Evaluate(check, new MetricResult(check.Metric, value, evaluated, evaluated, failing));
    }

    private static readonly CheckResult[] Results =
    [
        // Completeness: 2 + 3 missing of 10 + 10 cells (the repeated column a counts once) → 1 − 5/20 = 0.75.
        Result("missing_count(a) = 0", 2, 10, 2),
        Result("missing_percent(b) < 50", 30, 10, 3),
        Result("missing_percent(a) < 50", 20, 10, 2),
        // Validity: 2 + 0 invalid of 8 + 2 non-null → 0.8.
        Result("invalid_count(e) = 0 valid regex '@'", 2, 8, 2),
        Result("invalid_count(f) = 0 valid min 0", 0, 2, 0),
        // Uniqueness: 1 duplicate of 10 keyed rows → 0.9.
        Result("duplicate_count(id) = 0", 1, 10, 1),
        // Consistency: 1 + 0 violations of 4 + 6 rows → 0.9.
        Result("values in (c) must exist in customers (id)", 1, 4, 1),
        Result("expression: a > 0", 0, 6, 0),
        // Accuracy: pass, fail, warn (½); the NoData check is left out → 1.5 / 3 = 0.5.
        Result("row_count > 0", 10, 10, 0),
        Result("min(x) >= 0", -1, 10, 0),
        Result("avg(x) warn when > 5", 6, 10, 0),
        Result("max(x) <= 10", null, 0, 0),
        // Timeliness: 12 h against 1 d → 1; 2 d against 'fail when > 1d' → 1/2 → mean 0.75.
        Result("freshness(ts) < 1d", 43200, 10, 0),
        Result("freshness(ts2) fail when > 1d", 172800, 10, 0),
    ];

    [Fact]
    public void Score_EveryDimension_MatchesHandComputedValues()
    {
        var scores = QualityScorer.Score(Results);
        scores.Completeness!.Value.ShouldBe(0.75, 1e-12);
        scores.Validity!.Value.ShouldBe(0.8, 1e-12);
        scores.Uniqueness!.Value.ShouldBe(0.9, 1e-12);
        scores.Consistency!.Value.ShouldBe(0.9, 1e-12);
        scores.Accuracy!.Value.ShouldBe(0.5, 1e-12);
        scores.Timeliness!.Value.ShouldBe(0.75, 1e-12);
        // (0.75 + 0.8 + 0.9 + 0.9 + 0.5 + 0.75) / 6
        scores.Overall!.Value.ShouldBe(4.6 / 6, 1e-12);
    }

    [Fact]
    public void Score_Weights_AreAWeightedMeanAndZeroDropsADimension()
    {
        var weights = new QualityWeights { Completeness = 3, Timeliness = 0 };
        // (3·0.75 + 0.8 + 0.9 + 0.9 + 0.5) / (3 + 1 + 1 + 1 + 1)
        QualityScorer.Score(Results, weights).Overall!.Value.ShouldBe(5.35 / 7, 1e-12);
    }

    [Fact]
    public void Score_UnmeasuredDimensions_AreNullAndLeftOutOfOverall()
    {
        var scores = QualityScorer.Score([Result("duplicate_count(id) = 0", 1, 4, 1)]);
        scores.Completeness.ShouldBeNull();
        scores.Timeliness.ShouldBeNull();
        scores.Uniqueness.ShouldBe(0.75);
        scores.Overall.ShouldBe(0.75);
    }

    [Fact]
    public void Score_NoResults_IsAllNull()
    {
        var scores = QualityScorer.Score([]);
        scores.ShouldBe(new QualityScores(null, null, null, null, null, null, null));
    }

    [Fact]
    public void Completeness_NoRows_IsNullNotNaN() =>
        QualityScorer.Completeness([Result("missing_count(a) = 0", 0, 0, 0)]).ShouldBeNull();

    [Fact]
    public void Score_NegativeWeight_Throws() =>
        Should.Throw<ArgumentException>(() => QualityScorer.Score(Results, new QualityWeights { Accuracy = -1 }));
}
