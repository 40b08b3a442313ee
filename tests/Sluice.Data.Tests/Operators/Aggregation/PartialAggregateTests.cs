using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Execution;
using Sluice.Data.Operators.Aggregation;

namespace Sluice.Data.Tests.Operators.Aggregation;

public sealed class PartialAggregateTests
{
    private static readonly Schema Orders = new(
        new Field("day", DataType.Int64), new Field("cat", DataType.String), new Field("v", DataType.Decimal(2)), new Field("q", DataType.Int64));

    private static readonly AggregateFunction[] Mergeable =
    [
        AggregateFunction.CountAll("n"),
        AggregateFunction.Of(AggregateKind.Count, "v", "nv"),
        AggregateFunction.Of(AggregateKind.Sum, "v", "sum"),
        AggregateFunction.Of(AggregateKind.Mean, "v", "mean"),
        AggregateFunction.Of(AggregateKind.VarPop, "q", "var"),
        AggregateFunction.Of(AggregateKind.Min, "v", "min"),
        AggregateFunction.Of(AggregateKind.Max, "q", "max"),
        AggregateFunction.Of(AggregateKind.First, "v", "first"),
        AggregateFunction.Of(AggregateKind.Last, "q", "last"),
    ];

    /// <summary>Random rows in batches of <paramref name="batchRows"/>, with null keys and null values.</summary>
    private static Table RandomOrders(int rows, int batchRows, int seed)
    {
        var random = new Random(seed);
        object? Maybe(object value) => random.Next(8) == 0 ? null : value;
        var all = Enumerable.Range(0, rows)
            .Select(_ => new[] { Maybe((long)random.Next(5)), Maybe($"c{random.Next(7)}"), Maybe(random.Next(-500, 500) / 100m), Maybe((long)random.Next(100)) })
            .ToArray();
        var batches = all.Chunk(batchRows).Select(chunk => new RecordBatch(Orders,
            [.. Orders.Fields.Select((f, c) => ColumnFactory.Create(f.Type, [.. chunk.Select(r => r[c])]))], chunk.Length));
        return new Table(Orders, batches);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    public async Task Aggregate_MergeablePartials_MatchOnePassInFirstSeenOrder(int batchRows)
    {
        using var t = RandomOrders(600, batchRows, batchRows);

        // A median cannot be merged, so adding one makes the operator aggregate in one sequential pass.
        var merged = await TestData.RowsAsync(DataFlow.From(t).Aggregate(["day", "cat"], Mergeable));
        var onePass = await TestData.RowsAsync(DataFlow.From(t).Aggregate(["day", "cat"], [.. Mergeable, AggregateFunction.Of(AggregateKind.Median, "v", "median")]));

        merged.Count.ShouldBeGreaterThan(30);
        merged.ShouldBe(onePass.Select(r => r[..^1]).ToList());
    }

    [Fact]
    public async Task Aggregate_MergeablePartials_FirstLastMinMaxAcrossBatches()
    {
        // Batches of two rows: every group spans batch boundaries, and first/last hold a null in group "b".
        var schema = new Schema(new Field("k", DataType.String), new Field("v", DataType.Int64));
        object?[][] rows = [["a", 5L], ["b", null], ["a", 2L], ["b", 7L], [null, 1L], ["a", 9L], ["b", null]];
        var batches = rows.Chunk(2).Select(chunk => new RecordBatch(schema,
            [.. schema.Fields.Select((f, c) => ColumnFactory.Create(f.Type, [.. chunk.Select(r => r[c])]))], chunk.Length));
        using var t = new Table(schema, batches);
        var result = await TestData.RowsAsync(DataFlow.From(t).Aggregate(["k"],
            AggregateFunction.Of(AggregateKind.First, "v", "first"),
            AggregateFunction.Of(AggregateKind.Last, "v", "last"),
            AggregateFunction.Of(AggregateKind.Min, "v", "min"),
            AggregateFunction.Of(AggregateKind.Max, "v", "max"),
            AggregateFunction.Of(AggregateKind.Sum, "v", "sum")));
        result.ShouldBe([["a", 5L, 9L, 2L, 9L, 16L], ["b", null, null, 7L, 7L, 7L], [null, 1L, 1L, 1L, 1L, 1L]]);
    }
}
