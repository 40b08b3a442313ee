using System.Runtime.CompilerServices;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Execution;
using Sluice.Data.Operators;
using Sluice.Data.Operators.Aggregation;

namespace Sluice.Data.Tests.Operators;

/// <summary>Operators that buffer their input give the same output under a tiny memory budget (spilling) as without one.</summary>
public sealed partial class SpillingOperatorTests : IDisposable
{
    private static readonly Schema S = new(
        new Field("seq", DataType.Int64),
        new Field("k", DataType.String),
        new Field("g", DataType.Int64),
        new Field("v", DataType.Decimal(2)),
        new Field("f", DataType.Float64),
        new Field("d", DataType.Date));

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Batches of 1..60 rows; half the string batches dictionary-encoded; nulls everywhere but seq.</summary>
    private static Table Input(int seed = 7, int count = 40)
    {
        var rng = new Random(seed);
        var batches = new List<RecordBatch>();
        var seq = 0L;
        for (var b = 0; b < count; b++)
        {
            var n = rng.Next(1, 61);
            var seqs = new long?[n];
            var ks = new string?[n];
            var gs = new long?[n];
            var vs = new decimal?[n];
            var fs = new double?[n];
            var ds = new object?[n];
            for (var i = 0; i < n; i++)
            {
                seqs[i] = seq++;
                ks[i] = rng.Next(8) == 0 ? null : "key" + rng.Next(6);
                gs[i] = rng.Next(10) == 0 ? null : rng.Next(4);
                vs[i] = rng.Next(5) == 0 ? null : rng.Next(-500, 5000) / 100m + (rng.Next(50) == 0 ? 900m : 0m);
                fs[i] = rng.Next(5) == 0 ? null : Math.Round(rng.NextDouble() * 100, 3);
                ds[i] = rng.Next(6) == 0 ? null : new DateOnly(2024, 1, 1).AddDays(rng.Next(30));
            }

            batches.Add(new RecordBatch(S,
                [ColumnFactory.Int64(seqs), b % 2 == 0 ? ColumnFactory.DictionaryString(ks) : ColumnFactory.String(ks),
                 ColumnFactory.Int64(gs), ColumnFactory.Decimal(2, vs), ColumnFactory.Float64(fs), ColumnFactory.Create(DataType.Date, ds)], n));
        }

        return new Table(S, batches);
    }

    private MemoryBudget Tiny() => new(4096, _dir.Path);

    private void ShouldHaveNoSpillFiles() => Directory.GetFiles(_dir.Path).ShouldBeEmpty();

    /// <summary>Runs the operator made by <paramref name="make"/> with no limit, a few KB and zero; all outputs must agree and the small budgets must spill.</summary>
    private async Task<List<object?[]>> SameUnderBudgetsAsync(Func<MemoryBudget, StreamOperator> make, int seed = 7)
    {
        using var t = Input(seed);
        var expected = await TestData.RowsAsync(DataFlow.From(t).Then(make(MemoryBudget.Unlimited)));
        foreach (var budget in new[] { Tiny(), new MemoryBudget(0, _dir.Path) })
        {
            var actual = await TestData.RowsAsync(DataFlow.From(t).Then(make(budget)));
            budget.BytesSpilled.ShouldBeGreaterThan(0);
            actual.ShouldBe(expected);
            budget.Reserved.ShouldBe(0);
            ShouldHaveNoSpillFiles();
        }

        return expected;
    }

    [Theory]
    [InlineData("v", FillKind.Mean)]
    [InlineData("v", FillKind.Median)]
    [InlineData("f", FillKind.Mean)]
    [InlineData("f", FillKind.Median)]
    [InlineData("d", FillKind.Median)]
    [InlineData("k", FillKind.Mode)]
    [InlineData("g", FillKind.Mode)]
    public async Task FillMissing_TinyBudget_SameAsUnlimited(string column, FillKind kind)
    {
        var rows = await SameUnderBudgetsAsync(b => new FillMissingOperator(column, new FillStrategy(kind)) { Budget = b });
        var c = S.IndexOf(column);
        rows.ShouldAllBe(r => r[c] != null);
    }

    [Fact]
    public async Task FillMissing_TinyBudget_ComputesTheExactStatistic()
    {
        using var t = Input();
        var all = await TestData.RowsAsync(t);
        var present = all.Where(r => r[4] is not null).Select(r => (double)r[4]!).ToList();
        var op = new FillMissingOperator("f", FillStrategy.Mean) { Budget = Tiny() };
        await TestData.RowsAsync(DataFlow.From(t).Then(op));
        op.LastFillValue.ShouldBe(present.Average());

        var cents = all.Where(r => r[3] is not null).Select(r => (decimal)r[3]!).Order().ToList();
        var median = new FillMissingOperator("v", FillStrategy.Median(MedianRounding.HalfDown)) { Budget = Tiny() };
        await TestData.RowsAsync(DataFlow.From(t).Then(median));
        var a = cents[(cents.Count - 1) / 2];
        var b = cents[cents.Count / 2];
        median.LastFillValue.ShouldBe(Math.Floor((a + b) * 100 / 2) / 100);
    }

    [Fact]
    public async Task FlagOutliers_WithGroups_TinyBudget_SameAsUnlimited()
    {
        var rows = await SameUnderBudgetsAsync(b => new OutlierFlagOperator("v", ["k", "g"], 2m, "out") { Budget = b });
        rows.Count(r => r[6] is true).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task FlagOutliers_NoGroups_TinyBudget_SameAsUnlimited()
    {
        var rows = await SameUnderBudgetsAsync(b => new OutlierFlagOperator("v", [], 2m, "out") { Budget = b });
        rows.Count(r => r[6] is true).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task DedupeKeepLast_TinyBudget_SameAsUnlimitedAndKeepsLastRows()
    {
        var rows = await SameUnderBudgetsAsync(b => new DedupeOperator(["k", "g"], DedupeKeep.Last) { Budget = b });
        using var t = Input();
        var all = await TestData.RowsAsync(t);
        var lastSeq = all.GroupBy(r => (r[1], r[2])).Select(grp => grp.Last()[0]).Order().ToList();
        rows.Select(r => r[0]).ShouldBe(lastSeq);
    }

    [Fact]
    public async Task Sort_MultiKeyDescendingNulls_TinyBudget_MatchesStableReference()
    {
        var keys = new[] { new SortKey("k"), new SortKey("g", Descending: true), new SortKey("d") };
        var rows = await SameUnderBudgetsAsync(b => new SortOperator(keys) { Budget = b });
        using var t = Input();
        var all = await TestData.RowsAsync(t);
        var reference = all
            .OrderBy(r => r[1], NullsLast<string>(string.CompareOrdinal))
            .ThenByDescending(r => r[2], NullsLast<long>((x, y) => x.CompareTo(y)))
            .ThenBy(r => r[5], NullsLast<DateOnly>((x, y) => x.CompareTo(y)))
            .ToList();
        rows.Select(r => r[0]).ShouldBe(reference.Select(r => r[0]));
    }

    [Fact]
    public async Task Sort_ManyEqualKeysAcrossRuns_KeepsInputOrder()
    {
        // Four distinct keys over ~1200 rows: every run holds long stretches of equal keys.
        var rows = await SameUnderBudgetsAsync(b => new SortOperator([new SortKey("g")]) { Budget = b }, seed: 11);
        for (var i = 1; i < rows.Count; i++)
        {
            if (Equals(rows[i][2], rows[i - 1][2]))
            {
                ((long)rows[i][0]!).ShouldBeGreaterThan((long)rows[i - 1][0]!);
            }
        }
    }

    [Fact]
    public async Task Sort_BeyondOneMergeChunk_EmitsAllRowsInOrder()
    {
        var schema = new Schema(new Field("x", DataType.Int64));
        var batches = Enumerable.Range(0, 30).Select(b => new RecordBatch(schema,
            [ColumnFactory.Int64([.. Enumerable.Range(0, 1000).Select(i => (long?)((i * 7919L + b * 104729L) % 20011))])], 1000));
        using var t = new Table(schema, batches);
        var budget = new MemoryBudget(64 << 10, _dir.Path);
        var rows = await TestData.RowsAsync(DataFlow.From(t).Then(new SortOperator([new SortKey("x")]) { Budget = budget }));
        budget.BytesSpilled.ShouldBeGreaterThan(0);
        rows.Count.ShouldBe(30_000);
        rows.Select(r => (long)r[0]!).ShouldBeInOrder();
        ShouldHaveNoSpillFiles();
    }

    [Theory]
    [InlineData("fill")]
    [InlineData("outliers")]
    [InlineData("dedupe")]
    [InlineData("sort")]
    [InlineData("aggregate")]
    [InlineData("join")]
    public async Task Operators_SourceFailsMidway_LeaveNoSpillFiles(string which)
    {
        using var t = Input();
        var budget = Tiny();
        var flow = DataFlow.From(new FailingSource(t, failAfter: 30)).Then(Make(which, budget));
        await Should.ThrowAsync<DataException>(() => TestData.RowsAsync(flow));
        budget.BytesSpilled.ShouldBeGreaterThan(0);
        budget.Reserved.ShouldBe(0);
        ShouldHaveNoSpillFiles();
    }

    [Theory]
    [InlineData("fill")]
    [InlineData("outliers")]
    [InlineData("dedupe")]
    [InlineData("sort")]
    [InlineData("aggregate")]
    [InlineData("join")]
    public async Task Operators_CancelledDuringReplay_LeaveNoSpillFiles(string which)
    {
        // Over 8192 rows, so even the merged sort output comes in several batches.
        using var t = Input(count: 400);
        var budget = new MemoryBudget(0, _dir.Path);
        using var cts = new CancellationTokenSource();
        var read = 0;
        await Should.ThrowAsync<OperationCanceledException>(async () =>
        {
            await foreach (var b in DataFlow.From(t).Then(Make(which, budget)).ReadAsync(null, cts.Token))
            {
                b.Dispose();
                if (++read == 2)
                {
                    await cts.CancelAsync();
                }
            }
        });
        budget.Reserved.ShouldBe(0);
        ShouldHaveNoSpillFiles();
    }

    private static StreamOperator Make(string which, MemoryBudget budget) => which switch
    {
        "fill" => new FillMissingOperator("v", FillStrategy.Median()) { Budget = budget },
        "outliers" => new OutlierFlagOperator("v", ["k"], 2m, "out") { Budget = budget },
        "dedupe" => new DedupeOperator(["k"], DedupeKeep.Last) { Budget = budget },
        "aggregate" => new HashAggregateOperator(["k", "d", "g"], [AggregateFunction.Of(AggregateKind.Sum, "v", "sum_v")]) { Budget = budget },
        "join" => new HashJoinOperator(JoinRight, ["k", "g"], ["k", "g"], JoinKind.Full) { Budget = budget },
        _ => new SortOperator([new SortKey("seq", Descending: true)]) { Budget = budget },
    };

    private static Comparer<object?> NullsLast<T>(Func<T, T, int> compare) =>
        Comparer<object?>.Create((x, y) => (x, y) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            _ => compare((T)x, (T)y),
        });

    /// <summary>Streams a table's batches and then fails, like a source hitting a broken file.</summary>
    private sealed class FailingSource(Table table, int failAfter) : IBatchSource
    {
        public Schema Schema => table.Schema;

        public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var n = 0;
            await foreach (var b in table.ReadAsync(transform, cancellationToken))
            {
                if (n++ == failAfter)
                {
                    b.Dispose();
                    throw new DataException("source broke");
                }

                yield return b;
            }
        }
    }
}
