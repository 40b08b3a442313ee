using Sluice.Data.Anomalies;

namespace Sluice.Data.Tests.Anomalies;

public sealed class IsolationPathLengthTests
{
    [Theory]
    [InlineData(256, 10.244770920119917)]
    [InlineData(1000, 12.969940887100174)]
    public void Average_MatchesScikitLearnReferenceValues(long n, double expected) =>
        IsolationPathLength.Average(n).ShouldBe(expected, 1e-12);

    [Theory]
    [InlineData(-1, 0.0)]
    [InlineData(0, 0.0)]
    [InlineData(1, 0.0)]
    [InlineData(2, 1.0)]
    public void Average_SmallSizes_UseTheSpecialCases(long n, double expected) =>
        IsolationPathLength.Average(n).ShouldBe(expected);

    [Fact]
    public void Average_Three_UsesHarmonicApproximation()
    {
        // 2·(ln 2 + γ) − 2·2/3
        var expected = (2 * (Math.Log(2) + 0.5772156649015329)) - (4.0 / 3.0);
        IsolationPathLength.Average(3).ShouldBe(expected, 1e-15);
    }
}
