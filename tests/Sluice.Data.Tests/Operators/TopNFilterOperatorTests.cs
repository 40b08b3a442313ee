using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Execution;
using Sluice.Data.Operators;

namespace Sluice.Data.Tests.Operators;

/// <summary>
/// The top_n prefilter must not change the answer: sort + first-per-group over the filtered rows gives exactly the rows,
/// in exactly the order, that it gives over all rows — with ties, nulls, NaN, -0.0, several batches, either direction.
/// </summary>
public sealed class TopNFilterOperatorTests
{
    private static Table RandomTable(DataType orderType, int seed)
    {
        var schema = new Schema(new Field("g", DataType.String), new Field("v", orderType), new Field("row", DataType.Int64));
        var random = new Random(seed);
        var batches = new List<RecordBatch>();
        var row = 0L;
        for (var b = 0; b < 7; b++)
        {
            var n = random.Next(1, 400);
            var g = new object?[n];
            var v = new object?[n];
            var r = new object?[n];
            for (var i = 0; i < n; i++)
            {
                g[i] = random.Next(12) == 0 ? null : $"g{random.Next(40)}";
                var pick = random.Next(30);
                v[i] = pick == 0 ? null : orderType.Kind switch
                {
                    TypeKind.Float64 => pick == 1 ? double.NaN : pick == 2 ? -0.0 : random.Next(-6, 6) * 0.5,
                    TypeKind.Decimal => random.Next(-6, 6) * 0.25m,
                    _ => (object)(long)random.Next(-6, 6),
                };
                r[i] = row++;
            }

            batches.Add(new RecordBatch(schema, [ColumnFactory.Create(DataType.String, g), ColumnFactory.Create(orderType, v), ColumnFactory.Create(DataType.Int64, r)], n));
        }

        return new Table(schema, batches);
    }

    public static TheoryData<string, bool, int> Cases()
    {
        var data = new TheoryData<string, bool, int>();
        foreach (var type in new[] { "float", "decimal", "int" })
        {
            foreach (var descending in new[] { true, false })
            {
                foreach (var n in new[] { 1, 2, 5 })
                {
                    data.Add(type, descending, n);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Prefilter_KeepsExactlyTheRowsAndOrderOfTheFullSort(string type, bool descending, int n)
    {
        var orderType = type switch { "float" => DataType.Float64, "decimal" => DataType.Decimal(2), _ => DataType.Int64 };
        for (var seed = 0; seed < 4; seed++)
        {
            using var t = RandomTable(orderType, seed);
            SortKey[] keys = [new("g"), new("v", descending)];
            var full = await TestData.RowsAsync(DataFlow.From(t).Sort(keys).Then(new FirstPerGroupOperator(["g"], n)));
            var filtered = await TestData.RowsAsync(
                DataFlow.From(t).Then(new TopNFilterOperator(["g"], "v", descending, n)).Sort(keys).Then(new FirstPerGroupOperator(["g"], n)));

            full.Count.ShouldBeGreaterThan(40);
            filtered.Select(r => r[2]).ShouldBe(full.Select(r => r[2]));
        }
    }

    [Fact]
    public async Task Prefilter_WithoutGroups_PassesFewRowsAndKeepsTheFirstN()
    {
        using var t = RandomTable(DataType.Int64, 9);
        var passed = await TestData.RowsAsync(DataFlow.From(t).Then(new TopNFilterOperator([], "v", true, 3)));
        var all = await TestData.RowsAsync(DataFlow.From(t));
        passed.Count.ShouldBeLessThan(all.Count / 4);

        var full = await TestData.RowsAsync(DataFlow.From(t).Sort(new SortKey("v", true)).Then(new FirstPerGroupOperator([], 3)));
        var filtered = await TestData.RowsAsync(
            DataFlow.From(t).Then(new TopNFilterOperator([], "v", true, 3)).Sort(new SortKey("v", true)).Then(new FirstPerGroupOperator([], 3)));
        filtered.Select(r => r[2]).ShouldBe(full.Select(r => r[2]));
    }
}
