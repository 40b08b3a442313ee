using System.Globalization;
using Sluice.Data.Batches;
using Sluice.Data.Execution;
using Sluice.Data.Operators;
using Sluice.Data.Operators.Aggregation;

namespace Sluice.Data.Tests.Operators;

/// <summary>Hash aggregation and hash join, which spill by key-hash partition: same rows as in memory, in another order.</summary>
public sealed partial class SpillingOperatorTests
{
    /// <summary>The build side of the join tests: other rows over the same keys (k, g), nulls included.</summary>
    private static readonly Table JoinRight = Input(seed: 8, count: 10);

    /// <summary>Like <see cref="SameUnderBudgetsAsync"/> for operators whose spilled output comes partition by partition: compares the rows sorted.</summary>
    private async Task<List<object?[]>> SameRowsUnderBudgetsAsync(Func<MemoryBudget, StreamOperator> make)
    {
        using var t = Input();
        var expected = Sorted(await TestData.RowsAsync(DataFlow.From(t).Then(make(MemoryBudget.Unlimited))));
        foreach (var budget in new[] { Tiny(), new MemoryBudget(0, _dir.Path) })
        {
            var actual = Sorted(await TestData.RowsAsync(DataFlow.From(t).Then(make(budget))));
            budget.BytesSpilled.ShouldBeGreaterThan(0);
            actual.Count.ShouldBe(expected.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                actual[i].ShouldBe(expected[i], $"row {i}");
            }

            budget.Reserved.ShouldBe(0);
            ShouldHaveNoSpillFiles();
        }

        return expected;
    }

    private static List<object?[]> Sorted(List<object?[]> rows) =>
        [.. rows.OrderBy(r => string.Join('|', r.Select(v => v is null ? "∅" : Convert.ToString(v, CultureInfo.InvariantCulture))), StringComparer.Ordinal)];

    [Fact]
    public async Task Aggregate_MergeableFunctions_TinyBudget_SameGroupsAsUnlimited()
    {
        // Three keys with nulls (about a thousand groups of one to a few rows); every function here merges partials,
        // so on several cores the parallel path runs and switches to spilling midway.
        var rows = await SameRowsUnderBudgetsAsync(b => new HashAggregateOperator(
            ["k", "d", "g"],
            [
                AggregateFunction.CountAll("n"), AggregateFunction.Of(AggregateKind.Count, "v", "n_v"), AggregateFunction.Of(AggregateKind.Sum, "v", "sum_v"),
                AggregateFunction.Of(AggregateKind.Min, "f", "min_f"), AggregateFunction.Of(AggregateKind.Max, "k", "max_k"), AggregateFunction.Of(AggregateKind.First, "seq", "first_seq"),
            ])
        { Budget = b });
        rows.Count.ShouldBeGreaterThan(200);
        rows.ShouldContain(r => r[0] == null && r[1] == null);
        rows.ShouldContain(r => (long)r[3]! > 1);
        rows.ShouldContain(r => r[5] == null);
    }

    [Fact]
    public async Task Aggregate_WithMedian_TinyBudget_SameGroupsAsUnlimited()
    {
        // The median keeps its values and has no partials: the serial path.
        var rows = await SameRowsUnderBudgetsAsync(b => new HashAggregateOperator(
            ["d", "k"],
            [AggregateFunction.CountAll("n"), AggregateFunction.Of(AggregateKind.Median, "v", "median_v"), AggregateFunction.Of(AggregateKind.Last, "seq", "last_seq")])
        { Budget = b });
        rows.Count.ShouldBeGreaterThan(100);
    }

    [Theory]
    [InlineData(JoinKind.Inner)]
    [InlineData(JoinKind.Left)]
    [InlineData(JoinKind.Right)]
    [InlineData(JoinKind.Full)]
    [InlineData(JoinKind.Semi)]
    [InlineData(JoinKind.Anti)]
    public async Task Join_TinyBudget_SameRowsAsUnlimited(JoinKind kind)
    {
        var rows = await SameRowsUnderBudgetsAsync(b => new HashJoinOperator(JoinRight, ["k", "g"], ["k", "g"], kind) { Budget = b });
        rows.ShouldNotBeEmpty();
    }
}
