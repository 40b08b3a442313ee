using Sluice.Data.Anomalies;

namespace Sluice.Data.Tests.Anomalies;

public sealed class IsolationForestTests
{
    [Fact]
    public void Predict_ScikitLearnDocstringExample_FlagsOnlyTheFarPoint()
    {
        // sklearn.ensemble.IsolationForest docstring: fit [[-1.1],[0.3],[0.5],[100]], predict [[0.1],[0],[90]] → [1, 1, -1].
        var forest = new IsolationForest().Fit([[-1.1], [0.3], [0.5], [100]]);
        forest.Predict([[0.1], [0], [90]]).ShouldBe([1, 1, -1]);
        forest.Offset.ShouldBe(-0.5);
        forest.SampleSize.ShouldBe(4);
    }

    [Fact]
    public void ScoreSamples_FarPointScoresLowerThanCentralPoints()
    {
        var data = TestData.Gaussian2D(500, seed: 7);
        var forest = new IsolationForest().Fit(data);
        var scores = forest.ScoreSamples([[0.0, 0.0], [25.0, -25.0]]);
        scores[1].ShouldBeLessThan(scores[0]);
        scores.ShouldAllBe(s => s < 0 && s >= -1);
    }

    [Fact]
    public void DecisionFunction_IsScoreSamplesMinusOffset()
    {
        var data = TestData.Gaussian2D(300, seed: 3);
        var forest = new IsolationForest(new IsolationForestOptions { Contamination = Contamination.FromFraction(0.05) }).Fit(data);
        var scores = forest.ScoreSamples(data);
        var decision = forest.DecisionFunction(data);
        for (var i = 0; i < data.Length; i++)
        {
            decision[i].ShouldBe(scores[i] - forest.Offset, 1e-15);
        }
    }

    [Fact]
    public void Offset_WithContamination_IsTheTrainingScoreQuantile()
    {
        var data = TestData.Gaussian2D(1000, seed: 11);
        var forest = new IsolationForest(new IsolationForestOptions { Contamination = Contamination.FromFraction(0.1) }).Fit(data);
        var sorted = forest.ScoreSamples(data);
        Array.Sort(sorted);
        forest.Offset.ShouldBe(Quantile.Linear(sorted, 0.1), 1e-15);

        // The 10th percentile of 1000 scores lies between the 100th and 101st smallest, so exactly
        // 100 training rows score strictly below it (barring ties).
        forest.Predict(data).Count(label => label == -1).ShouldBe(100);
    }

    [Fact]
    public void Fit_SameSeed_IsDeterministicWhateverTheThreadCount()
    {
        var data = TestData.Gaussian2D(700, seed: 5);
        var serial = new IsolationForest(new IsolationForestOptions { Seed = 9, MaxDegreeOfParallelism = 1 }).Fit(data);
        var parallel = new IsolationForest(new IsolationForestOptions { Seed = 9 }).Fit(data);
        parallel.ScoreSamples(data).ShouldBe(serial.ScoreSamples(data));
    }

    [Fact]
    public void Fit_DifferentSeeds_GiveDifferentForests()
    {
        var data = TestData.Gaussian2D(300, seed: 5);
        var a = new IsolationForest(new IsolationForestOptions { Seed = 1 }).Fit(data).ScoreSamples(data);
        var b = new IsolationForest(new IsolationForestOptions { Seed = 2 }).Fit(data).ScoreSamples(data);
        a.ShouldNotBe(b);
    }

    [Fact]
    public void Fit_RowMajorBuffer_MatchesJaggedRows()
    {
        var data = TestData.Gaussian2D(200, seed: 2);
        var flat = data.SelectMany(r => r).ToArray();
        var jagged = new IsolationForest().Fit(data).ScoreSamples(data);
        var rowMajor = new IsolationForest().Fit(flat, 2).ScoreSamples(flat, 2);
        rowMajor.ShouldBe(jagged);
    }

    [Theory]
    [InlineData(10, 10)]
    [InlineData(1000, 256)]
    public void SampleSize_Auto_IsMin256AndN(int rows, int expected) =>
        new IsolationForest().Fit(TestData.Gaussian2D(rows, seed: 1)).SampleSize.ShouldBe(expected);

    [Fact]
    public void SampleSize_CountAboveRows_IsCappedAndFractionIsFloored()
    {
        var data = TestData.Gaussian2D(50, seed: 1);
        new IsolationForest(new IsolationForestOptions { MaxSamples = MaxSamples.FromCount(80) }).Fit(data).SampleSize.ShouldBe(50);
        new IsolationForest(new IsolationForestOptions { MaxSamples = MaxSamples.FromFraction(0.33) }).Fit(data).SampleSize.ShouldBe(16);
    }

    [Fact]
    public void Fit_WithBootstrapAndFeatureSubset_StillSeparatesTheOutlier()
    {
        var data = TestData.Gaussian2D(400, seed: 4).Select(r => new[] { r[0], r[1], r[0] - r[1] }).ToArray();
        var options = new IsolationForestOptions { Bootstrap = true, MaxFeatures = 0.5 };
        var scores = new IsolationForest(options).Fit(data).ScoreSamples([[0, 0, 0], [30, 30, 0]]);
        scores[1].ShouldBeLessThan(scores[0]);
    }

    [Fact]
    public void Fit_ConstantData_ScoresEveryRowAlike()
    {
        double[][] data = [[1, 2], [1, 2], [1, 2], [1, 2]];
        var scores = new IsolationForest().Fit(data).ScoreSamples(data);
        scores.Distinct().Count().ShouldBe(1);
    }

    [Fact]
    public void Fit_NonFiniteValue_ThrowsWithRowAndFeature()
    {
        var error = Should.Throw<ArgumentException>(() => new IsolationForest().Fit([[1.0, 2.0], [3.0, double.NaN]]));
        error.Message.ShouldContain("Row 1, feature 1");
    }

    [Fact]
    public void Fit_RaggedRows_Throws() =>
        Should.Throw<ArgumentException>(() => new IsolationForest().Fit([[1.0, 2.0], [3.0]]));

    [Fact]
    public void ScoreSamples_BeforeFit_Throws() =>
        Should.Throw<InvalidOperationException>(() => new IsolationForest().ScoreSamples([[1.0]]));

    [Fact]
    public void ScoreSamples_WrongFeatureCount_Throws()
    {
        var forest = new IsolationForest().Fit([[1.0, 2.0], [2.0, 3.0]]);
        Should.Throw<ArgumentException>(() => forest.ScoreSamples([[1.0]]));
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var error = Should.Throw<ArgumentException>(() =>
            new IsolationForest(new IsolationForestOptions { EstimatorCount = 0, MaxFeatures = 1.5 }));
        error.Message.ShouldContain("must be at least 1, was 0");
        error.Message.ShouldContain("was 1.5");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.51)]
    public void Contamination_OutsideRange_Throws(double fraction) =>
        Should.Throw<ArgumentOutOfRangeException>(() => Contamination.FromFraction(fraction));
}
