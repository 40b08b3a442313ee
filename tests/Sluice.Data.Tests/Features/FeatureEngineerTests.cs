using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Features;

namespace Sluice.Data.Tests.Features;

public sealed class FeatureEngineerTests
{
    private static Table Data(params (string Name, Column Column)[] columns)
    {
        var schema = new Schema(columns.Select(c => new Field(c.Name, c.Column.Type)));
        return new Table(schema, [new RecordBatch(schema, columns.Select(c => c.Column).ToArray(), columns[0].Column.Length)]);
    }

    private static async Task<Dictionary<string, object?[]>> RunAsync(Table data, params FeatureSpec[] specs)
    {
        var fitted = await new FeatureEngineer(specs).FitAsync(data);
        var rows = await TestData.RowsAsync(fitted.Transform(data));
        return fitted.OutputSchema.Fields.Select((f, i) => (f.Name, Values: rows.Select(r => r[i]).ToArray()))
            .ToDictionary(p => p.Name, p => p.Values);
    }

    [Fact]
    public async Task StandardScale_UsesPopulationStd_NullsStayNull()
    {
        using var data = Data(("x", ColumnFactory.Float64(1, 2, 3, null)));
        var result = await RunAsync(data, new FeatureSpec { Kind = FeatureKind.StandardScale, Column = "x" });
        var s = Math.Sqrt(2.0 / 3); // mean 2, Σ(x − 2)² = 2, n = 3
        result["x_scaled"].ShouldBe([-1 / s, 0.0, 1 / s, null]);
    }

    [Fact]
    public async Task MinMaxScale_AndConstantColumnIsZero()
    {
        using var data = Data(("x", ColumnFactory.Int64(10, 20, 30)), ("c", ColumnFactory.Int64(5, 5, 5)));
        var result = await RunAsync(data, new FeatureSpec { Kind = FeatureKind.MinMaxScale, Column = "x" }, new FeatureSpec { Kind = FeatureKind.MinMaxScale, Column = "c" });
        result["x_minmax"].ShouldBe([0.0, 0.5, 1.0]);
        result["c_minmax"].ShouldBe([0.0, 0.0, 0.0]);
    }

    [Fact]
    public async Task Bin_EqualWidthAndEdges()
    {
        using var data = Data(("x", ColumnFactory.Float64(0, 2.4, 2.5, 9.99, 10, null)));
        var result = await RunAsync(data,
            new FeatureSpec { Kind = FeatureKind.Bin, Column = "x", Bins = 4 },
            new FeatureSpec { Kind = FeatureKind.Bin, Column = "x", Edges = [0, 5, 10] });
        result["x_bin"].ShouldBe([0L, 0L, 1L, 3L, 3L, null]); // width 2.5; the max falls in the last bin
        result["x_bin_2"].ShouldBe([0L, 0L, 0L, 1L, 1L, null]);
    }

    [Fact]
    public async Task OneHot_TopKWithOther_NullIsAllZeros()
    {
        using var data = Data(("c", ColumnFactory.String("a", "b", "a", "c", null, "b", "a")));
        var result = await RunAsync(data, new FeatureSpec { Kind = FeatureKind.OneHot, Column = "c", TopK = 2 });
        result["c_a"].ShouldBe([1L, 0L, 1L, 0L, 0L, 0L, 1L]);
        result["c_b"].ShouldBe([0L, 1L, 0L, 0L, 0L, 1L, 0L]);
        result["c_other"].ShouldBe([0L, 0L, 0L, 1L, 0L, 0L, 0L]);
        result.Keys.Count(k => k.StartsWith("c_", StringComparison.Ordinal)).ShouldBe(3);
    }

    [Fact]
    public async Task Frequency_IsShareOfNonNullRows()
    {
        using var data = Data(("c", ColumnFactory.DictionaryString("a", "b", "a", null)));
        var result = await RunAsync(data, new FeatureSpec { Kind = FeatureKind.Frequency, Column = "c" });
        result["c_freq"].ShouldBe([2 / 3.0, 1 / 3.0, 2 / 3.0, null]);
    }

    [Fact]
    public async Task DateParts_FromDateAndText()
    {
        using var data = Data(("d", ColumnFactory.String("2024-03-31", "2024-01-01T13:00:00", null)));
        var result = await RunAsync(data, new FeatureSpec { Kind = FeatureKind.DateParts, Column = "d", Parts = ["year", "month", "day_of_week", "quarter", "hour", "is_weekend", "day_of_year"] });
        result["d_year"].ShouldBe([2024L, 2024L, null]);
        result["d_day_of_week"].ShouldBe([6L, 0L, null]); // 2024-03-31 is a Sunday, 2024-01-01 a Monday
        result["d_quarter"].ShouldBe([1L, 1L, null]);
        result["d_hour"].ShouldBe([0L, 13L, null]);
        result["d_is_weekend"].ShouldBe([1L, 0L, null]);
        result["d_day_of_year"].ShouldBe([91L, 1L, null]);
    }

    [Fact]
    public async Task LagAndRolling_PerKey_AcrossBatches()
    {
        // key:   a  b  a  a  b  a
        // value: 1  10 2  3  20 null
        var schema = new Schema(new Field("k", DataType.String), new Field("v", DataType.Float64));
        using var data = new Table(schema, [
            new RecordBatch(schema, [ColumnFactory.String("a", "b", "a"), ColumnFactory.Float64(1, 10, 2)], 3),
            new RecordBatch(schema, [ColumnFactory.String("a", "b", "a"), ColumnFactory.Float64(3, 20, null)], 3)]);
        var result = await RunAsync(data,
            new FeatureSpec { Kind = FeatureKind.Lag, Column = "v", Key = "k" },
            new FeatureSpec { Kind = FeatureKind.Rolling, Column = "v", Key = "k", Window = 2, Stat = "mean" },
            new FeatureSpec { Kind = FeatureKind.Rolling, Column = "v", Key = "k", Window = 3, Stat = "std" },
            new FeatureSpec { Kind = FeatureKind.Rolling, Column = "v", Window = 2, Stat = "sum" });
        result["v_lag1"].ShouldBe([null, null, 1.0, 2.0, 10.0, 3.0]);
        result["v_rolling_mean_2"].ShouldBe([null, null, 1.5, 2.5, 15.0, null]);
        result["v_rolling_std_3"].ShouldBe([null, null, null, 1.0, null, null]);
        result["v_rolling_sum_2"].ShouldBe([null, 11.0, 12.0, 5.0, 23.0, null]);
    }

    [Fact]
    public async Task EmptyInput_NoRowsNoNaN()
    {
        using var data = Data(("x", ColumnFactory.Float64()));
        var result = await RunAsync(data, new FeatureSpec { Kind = FeatureKind.StandardScale, Column = "x" }, new FeatureSpec { Kind = FeatureKind.OneHot, Column = "x" });
        result["x_scaled"].ShouldBeEmpty();
        result.Keys.ShouldBe(["x", "x_scaled", "x_other"]);
    }

    [Fact]
    public void Validate_ReportsEveryProblem()
    {
        var schema = new Schema(new Field("s", DataType.String));
        var errors = FeatureEngineer.Validate([
            new FeatureSpec { Kind = FeatureKind.StandardScale, Column = "s" },
            new FeatureSpec { Kind = FeatureKind.Lag, Column = "missing", Periods = 0 },
            new FeatureSpec { Kind = FeatureKind.DateParts, Column = "s", Parts = ["weekday"] },
            new FeatureSpec { Kind = FeatureKind.Bin, Column = "s", Edges = [1, 1] }], schema);
        errors.Count.ShouldBe(6);
        errors.ShouldContain(e => e.Contains("unknown date part 'weekday'"));
    }
}
