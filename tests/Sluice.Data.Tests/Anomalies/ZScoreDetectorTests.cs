using Sluice.Data.Anomalies;

namespace Sluice.Data.Tests.Anomalies;

public sealed class ZScoreDetectorTests
{
    // Values 2,4,4,4,5,5,7,9: mean 5, Σ(x−μ)² = 32, population σ = 2, sample σ = √(32/7) ≈ 2.138.
    private static readonly double[] Textbook = [2, 4, 4, 4, 5, 5, 7, 9];

    [Fact]
    public void Detect_PopulationStd_FlagsOnlyStrictlyAboveThreshold()
    {
        var flags = new bool[Textbook.Length];
        // |9 − 5| / 2 = 2.0 exactly: not flagged at k = 2 (strict), flagged at k = 1.9.
        new ZScoreDetector(2.0, StandardDeviationKind.Population).Detect(Textbook, flags).ShouldBe(0);
        new ZScoreDetector(1.9, StandardDeviationKind.Population).Detect(Textbook, flags).ShouldBe(1);
        flags[7].ShouldBeTrue();
    }

    [Fact]
    public void Detect_SampleStd_IsWiderThanPopulation()
    {
        var flags = new bool[Textbook.Length];
        // Sample σ ≈ 2.138, so |9 − 5| / σ ≈ 1.871 < 1.9.
        new ZScoreDetector(1.9, StandardDeviationKind.Sample).Detect(Textbook, flags).ShouldBe(0);
        new ZScoreDetector(1.85, StandardDeviationKind.Sample).Detect(Textbook, flags).ShouldBe(1);
    }

    [Fact]
    public void Detect_ZeroStd_FlagsNothing()
    {
        var flags = new bool[4];
        new ZScoreDetector(0.1, StandardDeviationKind.Population).Detect([3.0, 3.0, 3.0, 3.0], flags).ShouldBe(0);
        flags.ShouldAllBe(f => !f);
    }

    [Fact]
    public void Detect_NullsByMaskAndNaN_AreIgnoredAndNeverFlagged()
    {
        // Non-null: 2,4,4,4,5,5,7,9 as above; row 1 is masked (its 1000 must not move μ), row 3 is NaN.
        double[] values = [2, 1000, 4, double.NaN, 4, 4, 5, 5, 7, 9];
        bool[] isNull = [false, true, false, false, false, false, false, false, false, false];
        var flags = new bool[values.Length];
        new ZScoreDetector(1.9, StandardDeviationKind.Population).Detect(values, isNull, flags).ShouldBe(1);
        flags.ShouldBe([false, false, false, false, false, false, false, false, false, true]);
    }

    [Fact]
    public void Detect_SampleStdWithOneValue_FlagsNothing()
    {
        var flags = new bool[2];
        new ZScoreDetector(1, StandardDeviationKind.Sample).Detect([5.0, double.NaN], flags).ShouldBe(0);
    }

    [Fact]
    public void Detect_Empty_FlagsNothing() =>
        new ZScoreDetector(3, StandardDeviationKind.Population).Detect([], []).ShouldBe(0);

    [Fact]
    public void DetectByGroup_UsesEachGroupsOwnMeanAndStd()
    {
        // Group "a": 1,1,1,1,9 → μ 2.6, σ 3.2 → z(9) = 2.0. Group "b": 100,100,100,100 → σ 0 → nothing.
        // Pooled, 9 would not stand out next to 100; per group it does at k = 1.9.
        double[] values = [1, 100, 1, 100, 1, 100, 1, 100, 9];
        string[] groups = ["a", "b", "a", "b", "a", "b", "a", "b", "a"];
        var flags = new bool[values.Length];
        new ZScoreDetector(1.9, StandardDeviationKind.Population).DetectByGroup<string>(values, groups, default, flags).ShouldBe(1);
        flags[8].ShouldBeTrue();
    }

    [Fact]
    public void Detect_MismatchedLengths_Throws() =>
        Should.Throw<ArgumentException>(() =>
            new ZScoreDetector(3, StandardDeviationKind.Population).Detect([1.0, 2.0], new bool[1]));

    [Fact]
    public void Constructor_NonPositiveThreshold_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new ZScoreDetector(0, StandardDeviationKind.Population));
}
