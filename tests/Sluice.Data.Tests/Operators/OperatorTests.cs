using Sluice.Data.Batches;
using Sluice.Data.ColumnExpressions;
using Sluice.Data.Columns;
using Sluice.Data.Execution;
using Sluice.Data.Operators;
using Sluice.Data.Operators.Aggregation;

namespace Sluice.Data.Tests.Operators;

public sealed class OperatorTests
{
    private static readonly Schema KV = new(new Field("k", DataType.String), new Field("v", DataType.Decimal(2)));

    /// <summary>A table split into several batches, so operators see state across batch boundaries.</summary>
    private static Table Batches(Schema schema, params object?[][] rows)
    {
        var batches = rows.Chunk(2).Select(chunk => new RecordBatch(schema,
            [.. schema.Fields.Select((f, c) => ColumnFactory.Create(f.Type, [.. chunk.Select(r => r[c])]))], chunk.Length));
        return new Table(schema, batches);
    }

    [Fact]
    public async Task FillMissing_MedianOfEvenCount_RoundsHalfUpInCents()
    {
        using var t = Batches(KV, ["a", 1.00m], ["b", null], ["c", 2.01m], ["d", 0.50m], ["e", 3.00m], ["f", null]);
        var rows = await TestData.RowsAsync(DataFlow.From(t).FillMissing("v", FillStrategy.Median()));
        // sorted cents 50, 100, 201, 300: (100 + 201 + 1) div 2 = 151
        rows.Select(r => r[1]).ShouldBe([1.00m, 1.51m, 2.01m, 0.50m, 3.00m, 1.51m]);
        var down = await TestData.RowsAsync(DataFlow.From(t).FillMissing("v", FillStrategy.Median(MedianRounding.HalfDown)));
        down[1][1].ShouldBe(1.50m);
    }

    [Fact]
    public async Task FillMissing_MeanModeAndConstant()
    {
        using var t = Batches(KV, ["a", 1.00m], [null, null], ["a", 2.00m], ["b", 2.00m]);
        (await TestData.RowsAsync(DataFlow.From(t).FillMissing("v", FillStrategy.Mean)))[1][1].ShouldBe(1.67m);
        (await TestData.RowsAsync(DataFlow.From(t).FillMissing("k", FillStrategy.Mode)))[1][0].ShouldBe("a");
        (await TestData.RowsAsync(DataFlow.From(t).FillMissing("k", FillStrategy.Constant("zz"))))[1][0].ShouldBe("zz");
    }

    [Fact]
    public async Task Dedupe_KeepFirstAndLast_AcrossBatchesInInputOrder()
    {
        using var t = Batches(KV, ["x", 1m], ["y", 2m], ["x", 3m], [null, 4m], ["y", 5m], [null, 6m], ["z", 7m]);
        (await TestData.RowsAsync(DataFlow.From(t).Dedupe(["k"]))).Select(r => r[1]).ShouldBe([1m, 2m, 4m, 7m]);
        (await TestData.RowsAsync(DataFlow.From(t).Dedupe(["k"], DedupeKeep.Last))).Select(r => r[1]).ShouldBe([3m, 5m, 6m, 7m]);
    }

    [Fact]
    public async Task RowCounter_AfterStatefulStep_PassesBatchesThroughUnchanged()
    {
        // Regression: the parallel stage after dedupe released a batch that the counter handed on as is.
        using var t = Batches(KV, ["x", 1m], ["y", 2m], ["x", 3m], [null, 4m], ["y", 5m], [null, 6m], ["z", 7m]);
        var counter = new RowCounter();
        var flow = DataFlow.From(t).Dedupe(["k"]).CountRows(counter);
        (await TestData.RowsAsync(flow.WithParallelism(2))).Select(r => r[1]).ShouldBe([1m, 2m, 4m, 7m]);
        counter.Rows.ShouldBe(4);
    }

    [Fact]
    public async Task Join_InnerAndLeft_SkewedDuplicateAndNullKeys()
    {
        var left = new Schema(new Field("id", DataType.Int64), new Field("v", DataType.String));
        var right = new Schema(new Field("id", DataType.Int64), new Field("v", DataType.String));
        using var l = Batches(left, [1L, "a"], [2L, "b"], [null, "c"], [1L, "d"], [3L, "e"]);
        using var r = Batches(right, [1L, "r1"], [1L, "r1b"], [3L, "r3"], [null, "rn"]);
        var inner = await TestData.RowsAsync(DataFlow.From(l).Join(r, ["id"], ["id"]));
        inner.ShouldBe([[1L, "a", "r1"], [1L, "a", "r1b"], [1L, "d", "r1"], [1L, "d", "r1b"], [3L, "e", "r3"]]);
        var outer = await TestData.RowsAsync(DataFlow.From(l).Join(r, ["id"], ["id"], JoinKind.Left));
        outer.Count.ShouldBe(7);
        outer.Where(x => x[2] is null).Select(x => x[1]).ShouldBe(["b", "c"]);
        DataFlow.From(l).Join(r, ["id"], ["id"]).Schema.Fields.Select(f => f.Name).ShouldBe(["id", "v", "v_right"]);
    }

    [Fact]
    public async Task Join_KeyTypesDiffer_ExplainsCast()
    {
        using var l = Batches(new Schema(new Field("id", DataType.Int64)), [1L]);
        using var r = Batches(new Schema(new Field("id", DataType.String)), ["1"]);
        Should.Throw<DataException>(() => DataFlow.From(l).Join(r, ["id"], ["id"]).Schema).Message.ShouldContain("cast one side");
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Aggregate_AllFunctions_WithNullsAndNullGroup()
    {
        using var t = Batches(KV, ["a", 1.00m], ["a", null], ["a", 2.01m], [null, 5.00m], ["b", 0.10m], ["a", 2.01m]);
        var flow = DataFlow.From(t).Aggregate(["k"],
            AggregateFunction.CountAll("n"),
            AggregateFunction.Of(AggregateKind.Count, "v", "nv"),
            AggregateFunction.Of(AggregateKind.Sum, "v", "sum"),
            AggregateFunction.Of(AggregateKind.Mean, "v", "mean"),
            AggregateFunction.Of(AggregateKind.Min, "v", "min"),
            AggregateFunction.Of(AggregateKind.Max, "v", "max"),
            AggregateFunction.Of(AggregateKind.Median, "v", "median"),
            AggregateFunction.Of(AggregateKind.CountDistinct, "v", "distinct"),
            AggregateFunction.Of(AggregateKind.First, "v", "first"),
            AggregateFunction.Of(AggregateKind.Last, "v", "last"),
            AggregateFunction.Of(AggregateKind.VarPop, "v", "varpop"),
            AggregateFunction.Of(AggregateKind.StdSamp, "v", "stdsamp"))
            .Sort(new SortKey("k"));
        var rows = await TestData.RowsAsync(flow);
        rows.Select(r => r[0]).ShouldBe(["a", "b", null]);
        var a = rows[0];
        a[1..10].ShouldBe([4L, 3L, 5.02m, 1.67m, 1.00m, 2.01m, 2.01m, 2L, 1.00m]);
        a[10].ShouldBe(2.01m);
        ((double)a[11]!).ShouldBe(((1.0 * 1.0) + (2.01 * 2.01 * 2) - (5.02 * 5.02 / 3)) / 3, 1e-12);
        rows[1][12].ShouldBeNull();
    }

    [Fact]
    public async Task Aggregate_NoKeys_OneRowEvenWhenEmpty()
    {
        using var t = new Table(KV, []);
        var rows = await TestData.RowsAsync(DataFlow.From(t).Aggregate([], AggregateFunction.CountAll("n"), AggregateFunction.Of(AggregateKind.Sum, "v", "s")));
        rows.ShouldBe([[0L, null]]);
    }

    [Fact]
    public async Task FlagOutliers_ExactlyThreeSigma_IsNotAnOutlier()
    {
        // Nine revenues of 100 and one of 1100: mean 200, sigma 300, the 1100 row is exactly 3 sigma away.
        var schema = new Schema(new Field("g", DataType.String), new Field("r", DataType.Int64));
        object?[][] rows = [.. Enumerable.Repeat(new object?[] { "x", 100L }, 9), ["x", 1100L], ["y", 100L], ["y", null]];
        using var t = Batches(schema, rows);
        var flags = (await TestData.RowsAsync(DataFlow.From(t).FlagOutliers("r", ["g"], 3m, "out"))).Select(r => r[2]).ToList();
        flags.ShouldBe([.. Enumerable.Repeat<object?>(false, 10), false, null]);
        var looser = (await TestData.RowsAsync(DataFlow.From(t).FlagOutliers("r", ["g"], 2.999m, "out"))).Select(r => r[2]).ToList();
        looser[9].ShouldBe(true);
    }

    [Fact]
    public async Task FlagOutliers_ManyBatchesStoppedEarly_FlagsInInputOrder()
    {
        // Batches of two rows, flagged on parallel workers; the limit stops reading before the last batches.
        var schema = new Schema(new Field("g", DataType.String), new Field("r", DataType.Int64));
        object?[][] rows = [.. Enumerable.Range(0, 40).Select(i => new object?[] { "x", i == 31 ? 1_000L : 100L + (i % 3) })];
        using var t = Batches(schema, rows);
        var all = await TestData.RowsAsync(DataFlow.From(t).FlagOutliers("r", [], 3m, "out"));
        all.Select(r => r[1]).ShouldBe(rows.Select(r => r[1]));
        all.Select(r => (bool)r[2]!).ShouldBe(Enumerable.Range(0, 40).Select(i => i == 31));
        var first = await TestData.RowsAsync(DataFlow.From(t).FlagOutliers("r", ["g"], 3m, "out").Limit(5));
        first.Select(r => r[1]).ShouldBe(rows.Take(5).Select(r => r[1]));
    }

    [Fact]
    public async Task Sort_MultiKeyStableOrdinal_NullsLargestLikeSql()
    {
        var schema = new Schema(new Field("s", DataType.String), new Field("n", DataType.Int64));
        using var t = Batches(schema, ["b", 1L], ["B", 2L], ["a", null], ["b", 0L], [null, 5L], ["a", 3L], ["é", 1L], ["b", 1L]);
        var rows = await TestData.RowsAsync(DataFlow.From(t).Sort(new SortKey("s"), new SortKey("n", Descending: true)));
        // Nulls compare above every value: last when ascending, first when descending (PostgreSQL's default).
        rows.ShouldBe([["B", 2L], ["a", null], ["a", 3L], ["b", 1L], ["b", 1L], ["b", 0L], ["é", 1L], [null, 5L]]);
    }

    [Fact]
    public async Task FilterDeriveSelectRenameCastLimit_ComposeInOrder()
    {
        using var t = Batches(KV, ["a", 1.00m], ["b", null], ["c", 3.50m], ["d", 0.25m]);
        var flow = DataFlow.From(t)
            .Filter(ColumnExprs.Col("v").Gt(ColumnExprs.Lit(0.5m)))
            .Derive("twice", ColumnExprs.Col("v").Multiply(ColumnExprs.Lit(2L)))
            .Select("twice", "k")
            .Rename(new Dictionary<string, string> { ["k"] = "key" })
            .Cast(new Dictionary<string, DataType> { ["twice"] = DataType.Float64 })
            .Limit(1);
        flow.Schema.ToString().ShouldBe("twice: float64, key: string");
        (await TestData.RowsAsync(flow)).ShouldBe([[2.0, "a"]]);
    }
}
