using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Execution;
using Sluice.Data.Operators.Aggregation;

namespace Sluice.Data.Tests.Operators.Aggregation;

public sealed class HashAggregateOperatorTests
{
    [Fact]
    public async Task NearlyUniqueKeys_RadixPartitions_SameGroupsAsExpected()
    {
        // 100,000 rows over 90,000 keys: the first 65,536 rows make nearly as many groups, so on several cores the rows
        // are aggregated in key-hash partitions (output partition by partition); the last 10,000 rows repeat keys of the
        // first ones, and first/last show each group's rows stay in input order.
        var schema = new Schema(new Field("k", DataType.Int64), new Field("name", DataType.String), new Field("v", DataType.Int64));
        var batches = new List<RecordBatch>();
        for (var b = 0; b < 50; b++)
        {
            var rows = Enumerable.Range(b * 2000, 2000).ToArray();
            batches.Add(new RecordBatch(schema,
                [ColumnFactory.Int64([.. rows.Select(i => (long?)(i % 90_000))]),
                 ColumnFactory.DictionaryString([.. rows.Select(i => i % 7 == 0 ? null : "n" + (i % 90_000 % 13))]),
                 ColumnFactory.Int64([.. rows.Select(i => (long?)i)])], 2000));
        }

        using var t = new Table(schema, batches);
        var op = new HashAggregateOperator(
            ["k", "name"],
            [AggregateFunction.CountAll("n"), AggregateFunction.Of(AggregateKind.Sum, "v", "sum"), AggregateFunction.Of(AggregateKind.First, "v", "first"), AggregateFunction.Of(AggregateKind.Last, "v", "last")])
        { Budget = MemoryBudget.Unlimited };
        var rowsOut = Sorted(await TestData.RowsAsync(DataFlow.From(t).Then(op)));

        var expected = Enumerable.Range(0, 100_000)
            .GroupBy(i => (K: i % 90_000, Name: i % 7 == 0 ? null : "n" + (i % 90_000 % 13)))
            .Select(g => new object?[] { (long)g.Key.K, g.Key.Name, (long)g.Count(), (long)g.Sum(), (long)g.First(), (long)g.Last() })
            .ToList();
        expected = Sorted(expected);
        op.RadixPartitioned.ShouldBe(Environment.ProcessorCount > 1);
        rowsOut.Count.ShouldBe(expected.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            rowsOut[i].ShouldBe(expected[i], $"group {i}");
        }
    }

    private static List<object?[]> Sorted(List<object?[]> rows) =>
        [.. rows.OrderBy(r => (long)r[0]!).ThenBy(r => (string?)r[1] ?? "\uffff", StringComparer.Ordinal)];
}
