using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Execution.Spill;

namespace Sluice.Data.Tests.Execution.Spill;

public sealed class BatchSerializerTests
{
    private static readonly Schema All = new(
        new Field("i", DataType.Int64),
        new Field("f", DataType.Float64),
        new Field("b", DataType.Bool),
        new Field("s", DataType.String),
        new Field("ds", DataType.String),
        new Field("d", DataType.Date),
        new Field("t", DataType.Timestamp),
        new Field("m", DataType.Decimal(3)));

    private static RecordBatch Sample(int rows, bool nulls)
    {
        object? Maybe(int r, object value) => nulls && r % 3 == 1 ? null : value;
        var cols = new Column[]
        {
            ColumnFactory.Create(DataType.Int64, [.. Enumerable.Range(0, rows).Select(r => Maybe(r, (long)r * -7919))]),
            ColumnFactory.Create(DataType.Float64, [.. Enumerable.Range(0, rows).Select(r => Maybe(r, r / 3.0))]),
            ColumnFactory.Create(DataType.Bool, [.. Enumerable.Range(0, rows).Select(r => Maybe(r, r % 2 == 0))]),
            ColumnFactory.Create(DataType.String, [.. Enumerable.Range(0, rows).Select(r => Maybe(r, "välue " + r))]),
            ColumnFactory.DictionaryString([.. Enumerable.Range(0, rows).Select(r => (string?)Maybe(r, "cat" + (r % 4)))]),
            ColumnFactory.Create(DataType.Date, [.. Enumerable.Range(0, rows).Select(r => Maybe(r, new DateOnly(2024, 1, 1).AddDays(r)))]),
            ColumnFactory.Create(DataType.Timestamp, [.. Enumerable.Range(0, rows).Select(r => Maybe(r, new DateTime(2024, 1, 1).AddSeconds(r)))]),
            ColumnFactory.Create(DataType.Decimal(3), [.. Enumerable.Range(0, rows).Select(r => Maybe(r, r * 1.125m))]),
        };
        return new RecordBatch(All, cols, rows);
    }

    private static RecordBatch RoundTrip(RecordBatch batch)
    {
        using var stream = new MemoryStream();
        BatchSerializer.Write(stream, batch);
        stream.Position = 0;
        return BatchSerializer.Read(stream, batch.Schema);
    }

    private static void ShouldMatch(RecordBatch actual, RecordBatch expected)
    {
        actual.RowCount.ShouldBe(expected.RowCount);
        for (var c = 0; c < expected.Columns.Count; c++)
        {
            actual.Column(c).GetType().ShouldBe(expected.Column(c).GetType());
            actual.Column(c).NullCount.ShouldBe(expected.Column(c).NullCount);
            for (var r = 0; r < expected.RowCount; r++)
            {
                actual.Column(c).GetValue(r).ShouldBe(expected.Column(c).GetValue(r), $"column {expected.Schema[c].Name}, row {r}");
            }
        }
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(130, false)]
    [InlineData(130, true)]
    public void RoundTrip_EveryColumnKind_KeepsValuesAndNulls(int rows, bool nulls)
    {
        using var batch = Sample(rows, nulls);
        using var back = RoundTrip(batch);
        ShouldMatch(back, batch);
        back.Column("ds").ShouldBeOfType<DictionaryColumn>();
    }

    [Fact]
    public void RoundTrip_EmptyBatch_KeepsSchema()
    {
        using var batch = RecordBatch.Empty(All);
        using var back = RoundTrip(batch);
        back.RowCount.ShouldBe(0);
        back.Schema.ShouldBe(All);
    }

    [Fact]
    public void RoundTrip_HugeStringsAndAllNullColumn_Survive()
    {
        var huge = new string('x', 3 << 20) + "ü";
        var schema = new Schema(new Field("s", DataType.String), new Field("n", DataType.Int64));
        using var batch = new RecordBatch(schema, [ColumnFactory.String(huge, null, "", huge + "2"), ColumnFactory.Int64(null, null, null, null)], 4);
        using var back = RoundTrip(batch);
        ShouldMatch(back, batch);
        ((StringColumn)back.Column(0)).ByteLength.ShouldBe(((StringColumn)batch.Column(0)).ByteLength);
    }

    [Fact]
    public void Read_WrongSchema_ReportsCorruptSpillFile()
    {
        using var batch = Sample(3, false);
        using var stream = new MemoryStream();
        BatchSerializer.Write(stream, batch);
        stream.Position = 0;
        Should.Throw<DataException>(() => BatchSerializer.Read(stream, new Schema(new Field("i", DataType.Int64)))).Message.ShouldContain("Corrupt spill file");
    }

    [Fact]
    public void Size_GrowsWithContent()
    {
        using var small = Sample(10, false);
        using var big = Sample(1000, false);
        BatchSize.Of(big).ShouldBeGreaterThan(BatchSize.Of(small));
        BatchSize.Of(big).ShouldBeGreaterThan(1000L * (8 + 8 + 1 + 4 + 4 + 8 + 8));
    }
}
