using Sluice.Data.Anomalies;

namespace Sluice.Data.Tests.Anomalies;

public sealed class QuantileTests
{
    [Theory]
    // numpy: np.percentile([1, 2, 3, 4], [0, 25, 50, 75, 100]) = [1, 1.75, 2.5, 3.25, 4]
    [InlineData(0.0, 1.0)]
    [InlineData(0.25, 1.75)]
    [InlineData(0.5, 2.5)]
    [InlineData(0.75, 3.25)]
    [InlineData(1.0, 4.0)]
    public void Linear_MatchesNumpyDefaultPercentile(double p, double expected) =>
        Quantile.Linear([1.0, 2.0, 3.0, 4.0], p).ShouldBe(expected, 1e-15);

    [Fact]
    public void Linear_SingleValue_ReturnsIt() => Quantile.Linear([7.0], 0.3).ShouldBe(7.0);

    [Fact]
    public void Linear_Empty_ReturnsNaN() => double.IsNaN(Quantile.Linear([], 0.5)).ShouldBeTrue();

    [Fact]
    public void Linear_ProbabilityOutsideUnitInterval_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => Quantile.Linear([1.0], 1.5));
}
