using Sluice.Data.Execution;
using Sluice.Data.Operators;

namespace Sluice.Data.Tests.Operators;

/// <summary>The radix-descent median against sorting, in memory and spilled, for integer and float keys.</summary>
public sealed class MedianSelectorTests
{
    [Theory]
    [InlineData(1, 0L, 10L)]
    [InlineData(2, -5L, 5L)]
    [InlineData(1001, -1_000_000L, 1_000_000L)]
    [InlineData(1000, 0L, 3L)]
    [InlineData(5000, long.MinValue, long.MaxValue)]
    public void Integers_MiddleValues_MatchSorting(int count, long min, long max)
    {
        var random = new Random(count);
        var values = Enumerable.Range(0, count).Select(_ => random.NextInt64(min, max)).ToList();
        values.Add(min);
        using var selector = new MedianSelector(MemoryBudget.Unlimited);
        foreach (var v in values)
        {
            selector.Add(v);
        }

        var sorted = values.Order().ToList();
        selector.MiddleIntegers().ShouldBe((sorted[(sorted.Count - 1) / 2], sorted[sorted.Count / 2]));
    }

    [Fact]
    public void Integers_BeyondTheBudget_SpillAndStillFindTheMiddle()
    {
        var random = new Random(3);
        var values = new long[2_500_000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = random.NextInt64(-50_000, 9_999_999);
        }

        var budget = new MemoryBudget(0);
        using (var selector = new MedianSelector(budget))
        {
            foreach (var v in values)
            {
                selector.Add(v);
            }

            Array.Sort(values);
            selector.MiddleIntegers().ShouldBe((values[(values.Length - 1) / 2], values[values.Length / 2]));
            budget.BytesSpilled.ShouldBe(2L * (1 << 20) * sizeof(long));
        }

        budget.Reserved.ShouldBe(0);
    }

    [Fact]
    public void Floats_MiddleValues_MatchSorting_WithNegativeZeroInfinitiesAndNaN()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 2001).Select(_ => (random.NextDouble() - 0.5) * 1e6).ToList();
        values.AddRange([double.NegativeInfinity, double.PositiveInfinity, -0.0, 0.0]);
        using var selector = new MedianSelector(MemoryBudget.Unlimited);
        foreach (var v in values)
        {
            selector.Add(v);
        }

        var sorted = values.Order().ToList();
        selector.MiddleFloats().ShouldBe((sorted[(sorted.Count - 1) / 2], sorted[sorted.Count / 2]));

        using var zeros = new MedianSelector(MemoryBudget.Unlimited);
        zeros.Add(-0.0);
        var (a, _) = zeros.MiddleFloats();
        double.IsNegative(a).ShouldBeFalse();

        using var withNaN = new MedianSelector(MemoryBudget.Unlimited);
        foreach (var v in new[] { 1.0, double.NaN, 2.0, double.NaN, 3.0 })
        {
            withNaN.Add(v);
        }

        withNaN.MiddleFloats().ShouldBe((3.0, 3.0)); // NaN sorts above everything
    }
}
