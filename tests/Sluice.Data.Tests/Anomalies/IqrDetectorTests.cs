using Sluice.Data.Anomalies;

namespace Sluice.Data.Tests.Anomalies;

public sealed class IqrDetectorTests
{
    [Fact]
    public void ComputeFences_UsesLinearInterpolationQuartiles()
    {
        // numpy: percentile([1,2,3,4], 25) = 1.75, 75 → 3.25; IQR 1.5; fences 1.75 − 2.25, 3.25 + 2.25.
        var fences = new IqrDetector().ComputeFences([4.0, 1.0, 3.0, 2.0]).ShouldNotBeNull();
        fences.Q1.ShouldBe(1.75, 1e-15);
        fences.Q3.ShouldBe(3.25, 1e-15);
        fences.Iqr.ShouldBe(1.5, 1e-15);
        fences.Lower.ShouldBe(-0.5, 1e-15);
        fences.Upper.ShouldBe(5.5, 1e-15);
    }

    [Fact]
    public void Detect_FlagsStrictlyOutsideFencesOnly()
    {
        // Sorted 1,2,3,4,7,100: Q1 at h=1.25 → 2.25, Q3 at h=3.75 → 6.25, IQR 4, upper fence 12.25.
        double[] values = [1, 2, 3, 4, 7, 100];
        var flags = new bool[values.Length];
        new IqrDetector().Detect(values, default, flags).ShouldBe(1);
        flags.ShouldBe([false, false, false, false, false, true]);
    }

    [Fact]
    public void Detect_ValueOnTheFence_IsNotFlagged()
    {
        // 1,2,3,4 with k = 0: fences are Q1 = 1.75 and Q3 = 3.25 → 1 and 4 are outside, 2 and 3 inside.
        double[] values = [1, 2, 3, 4];
        var flags = new bool[values.Length];
        new IqrDetector(0).Detect(values, default, flags).ShouldBe(2);
        flags.ShouldBe([true, false, false, true]);
    }

    [Fact]
    public void Detect_NullsAreIgnoredAndNeverFlagged()
    {
        double[] values = [1, 2, double.NaN, 3, 4, -1000];
        bool[] isNull = [false, false, false, false, false, true];
        var flags = new bool[values.Length];
        new IqrDetector().Detect(values, isNull, flags).ShouldBe(0);
        new IqrDetector().ComputeFences(values, isNull).ShouldNotBeNull().Q1.ShouldBe(1.75, 1e-15);
    }

    [Fact]
    public void Detect_AllNull_FlagsNothingAndHasNoFences()
    {
        double[] values = [double.NaN, double.NaN];
        new IqrDetector().ComputeFences(values).ShouldBeNull();
        new IqrDetector().Detect(values, default, new bool[2]).ShouldBe(0);
    }

    [Fact]
    public void DetectByGroup_ComputesFencesPerGroup()
    {
        // Group 1: 1,2,3,4,100 → Q1 2, Q3 4, upper 7 → 100 flagged. Group 2: 100,101,102,103 → 100 is normal there.
        double[] values = [1, 100, 2, 101, 3, 102, 4, 103, 100];
        int[] groups = [1, 2, 1, 2, 1, 2, 1, 2, 1];
        var flags = new bool[values.Length];
        new IqrDetector().DetectByGroup<int>(values, groups, default, flags).ShouldBe(1);
        flags[8].ShouldBeTrue();
        flags[1].ShouldBeFalse();
    }
}
