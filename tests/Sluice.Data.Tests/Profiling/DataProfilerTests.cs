using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Csv;
using Sluice.Data.Profiling;

namespace Sluice.Data.Tests.Profiling;

public sealed class DataProfilerTests
{
    [Fact]
    public async Task Profile_SmallCsv_HandComputedValues()
    {
        using var dir = new TempDir();
        var path = dir.Write("orders.csv", """
            id,amount,category,day
            1,10,a,2024-01-03
            2,,b,2024-01-01
            3,30,a,
            4,20,a,2024-01-02
            5,40,,2024-01-05

            """);
        var profile = await DataProfiler.ProfileAsync(CsvSource.Open(path));

        profile.Rows.ShouldBe(5);
        var amount = profile.Columns[1];
        (amount.Name, amount.Type, amount.Rows, amount.Nulls, amount.Distinct, amount.Min, amount.Max).ShouldBe(("amount", "int64", 5L, 1L, 4L, "10", "40"));
        amount.Mean.ShouldBe(25);
        amount.Std!.Value.ShouldBe(Math.Sqrt(500.0 / 3), 1e-12); // deviations −15, 5, −5, 15 → Σ² = 500, n − 1 = 3
        amount.Quantiles.Select(q => q.Value).ShouldBe([17.5, 25, 32.5]); // sorted 10 20 30 40, positions 0.75, 1.5, 2.25
        amount.QuantilesAreExact.ShouldBeTrue();
        amount.NullFraction.ShouldBe(0.2);

        var category = profile.Columns[2];
        (category.Nulls, category.Distinct, category.Min, category.Max, category.Mean).ShouldBe((1L, 2L, "a", "b", (double?)null));
        category.TopValues.ShouldBe([new ValueCount("a", 3), new ValueCount("b", 1)]);

        var day = profile.Columns[3];
        (day.Type, day.Min, day.Max, day.Nulls).ShouldBe(("date", "2024-01-01", "2024-01-05", 1L));
    }

    [Fact]
    public void Profile_EmptyAndAllNull_NoNaN()
    {
        var schema = new Schema(new Field("x", DataType.Float64));
        var profiler = new DataProfiler(schema);
        profiler.Add(new RecordBatch(schema, [ColumnFactory.Float64(null, null)], 2));
        var x = profiler.Complete().Columns.ShouldHaveSingleItem();
        (x.Rows, x.Nulls, x.Distinct, x.Min, x.Mean, x.Std).ShouldBe((2L, 2L, 0L, (string?)null, (double?)null, (double?)null));
        x.Quantiles.ShouldBeEmpty();
        x.TopValues.ShouldBeEmpty();

        new DataProfiler(schema).Complete().Columns[0].NullFraction.ShouldBe(0);
    }

    [Fact]
    public void Profile_BeyondCaps_DistinctIsEstimated_QuantilesSampled()
    {
        var schema = new Schema(new Field("n", DataType.Int64));
        var profiler = new DataProfiler(schema, new ProfileOptions { DistinctCap = 1000, QuantileCap = 2000 });
        for (var b = 0; b < 10; b++)
        {
            using var batch = new RecordBatch(schema, [ColumnFactory.Int64([.. Enumerable.Range(b * 5000, 5000).Select(i => (long?)i)])], 5000);
            profiler.Add(batch);
        }

        var n = profiler.Complete().Columns[0];
        n.DistinctIsExact.ShouldBeFalse();
        n.Distinct.ShouldBeInRange(48_500L, 51_500L);
        n.QuantilesAreExact.ShouldBeFalse();
        n.Quantiles[1].Value.ShouldBeInRange(25_000 - 2_500, 25_000 + 2_500);
        n.Mean.ShouldBe(24_999.5);
        (n.Min, n.Max).ShouldBe(("0", "49999"));
    }

    [Fact]
    public void Profile_DictionaryAndPlainStrings_SameCounts()
    {
        var schema = new Schema(new Field("s", DataType.String));
        var profiler = new DataProfiler(schema);
        profiler.Add(new RecordBatch(schema, [ColumnFactory.DictionaryString("x", "y", "x")], 3));
        profiler.Add(new RecordBatch(schema, [ColumnFactory.String("x", "z")], 2));
        var s = profiler.Complete().Columns[0];
        s.Distinct.ShouldBe(3);
        s.TopValues.ShouldBe([new ValueCount("x", 3), new ValueCount("y", 1), new ValueCount("z", 1)]);
    }
}
