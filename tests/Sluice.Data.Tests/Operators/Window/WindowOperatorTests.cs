using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Execution;
using Sluice.Data.Operators;
using Sluice.Data.Operators.Window;

namespace Sluice.Data.Tests.Operators.Window;

/// <summary>
/// The window operator's streaming: partitions that cross batch boundaries and a sort that spilled give the same rows
/// as one in-memory batch. (Values against DuckDB: Sluice.DataActions.Tests/Transform/WindowStepTests.)
/// </summary>
public sealed class WindowOperatorTests : IDisposable
{
    private static readonly Schema S = new(new Field("seq", DataType.Int64), new Field("g", DataType.String), new Field("k", DataType.Int64), new Field("v", DataType.Float64));

    private static readonly WindowFunction[] Functions =
    [
        new(WindowKind.RowNumber, null, "rn"),
        new(WindowKind.Rank, null, "rk"),
        new(WindowKind.Lag, "v", "prev"),
        new(WindowKind.Lead, "g", "next_g") { Offset = 3 },
        new(WindowKind.Sum, "k", "running"),
        new(WindowKind.Max, "v", "moving_max") { Preceding = 4 },
        new(WindowKind.Count, "v", "rest") { Preceding = 0, Following = null },
        new(WindowKind.Ntile, null, "tile") { Offset = 3 },
        new(WindowKind.PercentRank, null, "pr"),
    ];

    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-window-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Batches of 1..40 rows with nulls in every column but seq; few g and k values.</summary>
    private static Table Input()
    {
        var rng = new Random(11);
        var batches = new List<RecordBatch>();
        var seq = 0L;
        for (var b = 0; b < 60; b++)
        {
            var n = rng.Next(1, 41);
            var seqs = new long?[n];
            var gs = new string?[n];
            var ks = new long?[n];
            var vs = new double?[n];
            for (var i = 0; i < n; i++)
            {
                seqs[i] = seq++;
                gs[i] = rng.Next(12) == 0 ? null : "g" + rng.Next(4);
                ks[i] = rng.Next(10) == 0 ? null : rng.Next(6);
                vs[i] = rng.Next(6) == 0 ? null : Math.Round(rng.NextDouble() * 100, 2);
            }

            batches.Add(new RecordBatch(S, [ColumnFactory.Int64(seqs), b % 2 == 0 ? ColumnFactory.DictionaryString(gs) : ColumnFactory.String(gs), ColumnFactory.Int64(ks), ColumnFactory.Float64(vs)], n));
        }

        return new Table(S, batches);
    }

    private static SortKey[] Order => [new("g", false), new("k", false), new("seq", false)];

    private static WindowOperator Window() => new(["g"], ["k", "seq"], Functions);

    [Fact]
    public async Task SpilledSort_GivesTheSameWindowRows_AsInMemory()
    {
        using var t = Input();
        var expected = await TestData.RowsAsync(DataFlow.From(t).Then(new SortOperator(Order) { Budget = MemoryBudget.Unlimited }).Then(Window()));
        var budget = new MemoryBudget(2048, _dir);
        var actual = await TestData.RowsAsync(DataFlow.From(t).Then(new SortOperator(Order) { Budget = budget }).Then(Window()));
        budget.BytesSpilled.ShouldBeGreaterThan(0);
        actual.ShouldBe(expected);
        expected.Count.ShouldBe((int)t.RowCount);
    }

    [Fact]
    public async Task PartitionsAcrossSmallBatches_GiveTheSameRows_AsOneBatch()
    {
        using var t = Input();
        var expected = await TestData.RowsAsync(DataFlow.From(t).Then(new SortOperator(Order) { Budget = MemoryBudget.Unlimited }).Then(Window()));

        // The sorted rows re-cut into batches of 1..40 rows, so partitions start and end inside and across batches.
        using var sorted = await DataFlow.From(t).Then(new SortOperator(Order) { Budget = MemoryBudget.Unlimited }).ToTableAsync();
        var all = sorted.Batches.Single();
        var rng = new Random(5);
        var pieces = new List<RecordBatch>();
        for (var start = 0; start < all.RowCount;)
        {
            var n = Math.Min(rng.Next(1, 41), all.RowCount - start);
            pieces.Add(all.Gather([.. Enumerable.Range(start, n)]));
            start += n;
        }

        using var cut = new Table(S, pieces);
        var actual = await TestData.RowsAsync(DataFlow.From(cut).Then(Window()));
        actual.ShouldBe(expected);
    }

    [Fact]
    public async Task RowNumberAndRunningCount_OverOnePartition_CountRows()
    {
        using var t = Input();
        var rows = await TestData.RowsAsync(DataFlow.From(t).Then(new WindowOperator([], ["seq"], [new(WindowKind.RowNumber, null, "rn"), new(WindowKind.CountAll, null, "n") { Preceding = 2 }])));
        rows.Select(static r => (long)r[4]!).ShouldBe(Enumerable.Range(1, (int)t.RowCount).Select(static i => (long)i));
        rows.Select(static r => (long)r[5]!).ShouldBe(Enumerable.Range(1, (int)t.RowCount).Select(static i => (long)Math.Min(i, 3)));
    }
}
