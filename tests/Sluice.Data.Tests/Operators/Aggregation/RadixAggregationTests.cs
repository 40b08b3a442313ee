using System.Globalization;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Execution;
using Sluice.Data.Operators.Aggregation;

namespace Sluice.Data.Tests.Operators.Aggregation;

/// <summary>
/// Many groups (more than half as many as rows) on several cores: the rows are split by key hash into partitions
/// aggregated in parallel. Same groups and values as one sequential pass, nulls and dictionary keys included, also
/// when the partitions spill.
/// </summary>
public sealed class RadixAggregationTests : IDisposable
{
    private static readonly Schema S = new(
        new Field("seq", DataType.Int64), new Field("cat", DataType.String), new Field("id", DataType.String),
        new Field("n", DataType.Int64), new Field("v", DataType.Int64), new Field("f", DataType.Float64));

    private static readonly AggregateFunction[] Mergeable =
    [
        AggregateFunction.CountAll("rows"),
        AggregateFunction.Of(AggregateKind.Sum, "v", "sum_v"),
        AggregateFunction.Of(AggregateKind.Sum, "f", "sum_f"),
        AggregateFunction.Of(AggregateKind.Mean, "f", "mean_f"),
        AggregateFunction.Of(AggregateKind.Min, "v", "min_v"),
        AggregateFunction.Of(AggregateKind.Max, "f", "max_f"),
        AggregateFunction.Of(AggregateKind.First, "seq", "first_seq"),
        AggregateFunction.Of(AggregateKind.Last, "seq", "last_seq"),
    ];

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// 120,000 rows in batches of 6,000 over keys (cat: 20 values, dictionary-encoded in every other batch; id: 40,000
    /// values; n: 3 values) with nulls in each: about 90,000 groups, most of one or two rows.
    /// </summary>
    private static Table Input()
    {
        var rng = new Random(14);
        var batches = new List<RecordBatch>();
        for (var b = 0; b < 20; b++)
        {
            const int n = 6000;
            var seq = new long?[n];
            var cat = new string?[n];
            var id = new string?[n];
            var k = new long?[n];
            var v = new long?[n];
            var f = new double?[n];
            for (var i = 0; i < n; i++)
            {
                seq[i] = (b * n) + i;
                cat[i] = rng.Next(30) == 0 ? null : "c" + rng.Next(20).ToString(CultureInfo.InvariantCulture);
                id[i] = rng.Next(40) == 0 ? null : "id" + rng.Next(40_000).ToString("D6", CultureInfo.InvariantCulture);
                k[i] = rng.Next(25) == 0 ? null : rng.Next(3);
                v[i] = rng.Next(10) == 0 ? null : rng.Next(1, 6);
                f[i] = rng.Next(10) == 0 ? null : Math.Round(rng.NextDouble() * 100, 6);
            }

            batches.Add(new RecordBatch(S,
                [ColumnFactory.Int64(seq), b % 2 == 0 ? ColumnFactory.DictionaryString(cat) : ColumnFactory.String(cat), ColumnFactory.String(id),
                 ColumnFactory.Int64(k), ColumnFactory.Int64(v), ColumnFactory.Float64(f)], n));
        }

        return new Table(S, batches);
    }

    private static List<object?[]> Sorted(IEnumerable<object?[]> rows) =>
        [.. rows.OrderBy(r => string.Join('|', r.Select(v => v is null ? "∅" : Convert.ToString(v, CultureInfo.InvariantCulture))), StringComparer.Ordinal)];

    private static async Task<List<object?[]>> OnePassAsync(Table t)
    {
        // A median has no partial, so the operator aggregates in one sequential pass; its column is dropped.
        var rows = await TestData.RowsAsync(DataFlow.From(t).Aggregate(["cat", "id", "n"], [.. Mergeable, AggregateFunction.Of(AggregateKind.Median, "v", "median")]));
        return Sorted(rows.Select(static r => r[..^1]));
    }

    [Fact]
    public async Task ManyGroups_RadixPartitions_SameGroupsAndValuesAsOnePass()
    {
        using var t = Input();
        var expected = await OnePassAsync(t);
        var op = new HashAggregateOperator(["cat", "id", "n"], Mergeable) { Budget = MemoryBudget.Unlimited };
        var actual = Sorted(await TestData.RowsAsync(DataFlow.From(t).Then(op)));

        op.RadixPartitioned.ShouldBe(Environment.ProcessorCount > 1);
        expected.Count.ShouldBeGreaterThan(80_000);
        expected.ShouldContain(r => r[0] == null && r[1] == null);
        actual.Count.ShouldBe(expected.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            // Every group's rows are aggregated in input order within its partition: float sums are exactly equal.
            actual[i].ShouldBe(expected[i], $"row {i}");
        }
    }

    [Fact]
    public async Task ManyGroups_RadixPartitionsSpilling_SameGroupsAndValuesAsOnePass()
    {
        using var t = Input();
        var expected = await OnePassAsync(t);
        // Room for the groups of the first 66,000 rows (at most 66,000 × 176 bytes), so the switch to partitions happens
        // (it does not once spilling began), but not for all of them: the partitions spill.
        var budget = new MemoryBudget(13_000_000, _dir.Path);
        var op = new HashAggregateOperator(["cat", "id", "n"], Mergeable) { Budget = budget };
        var actual = Sorted(await TestData.RowsAsync(DataFlow.From(t).Then(op)));

        op.RadixPartitioned.ShouldBe(Environment.ProcessorCount > 1);
        budget.BytesSpilled.ShouldBeGreaterThan(0);
        actual.Count.ShouldBe(expected.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            actual[i].ShouldBe(expected[i], $"row {i}");
        }

        budget.Reserved.ShouldBe(0);
        Directory.GetFiles(_dir.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task FewGroups_FoldsPartials_KeepsFirstSeenOrder()
    {
        using var t = Input();
        var op = new HashAggregateOperator(["cat"], Mergeable) { Budget = MemoryBudget.Unlimited };
        var rows = await TestData.RowsAsync(DataFlow.From(t).Then(op));

        op.RadixPartitioned.ShouldBeFalse();
        rows.Count.ShouldBe(21);
        ((long)rows[0][7]!).ShouldBe(0L);
        rows.Select(static r => (long)r[7]!).ShouldBeInOrder();
    }
}
