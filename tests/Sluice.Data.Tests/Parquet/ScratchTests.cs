using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Parquet;

namespace Sluice.Data.Tests.Parquet;

public sealed class ScratchTests
{
    [Fact]
    public async Task Scratch_Write()
    {
        var schema = new Schema(new Field("i", DataType.Int64), new Field("s", DataType.String), new Field("d", DataType.Date),
            new Field("t", DataType.Timestamp), new Field("m", DataType.Decimal(2)), new Field("f", DataType.Float64), new Field("b", DataType.Bool));
        using var table = TestData.Table(schema,
            ColumnFactory.Int64(1, null, 3, -4, 5, 6, 7, 8, 9, 10),
            ColumnFactory.String("a", "b", null, "a", "a", "a", "a", "a", "a", "zz"),
            ColumnFactory.Create(DataType.Date, [new DateOnly(2024, 2, 29), null, new DateOnly(1970, 1, 1), null, null, null, null, null, null, new DateOnly(1969, 12, 31)]),
            ColumnFactory.Create(DataType.Timestamp, [new DateTime(2024, 1, 1, 1, 2, 3).AddTicks(1234560), null, null, null, null, null, null, null, null, null]),
            ColumnFactory.Decimal(2, 1.5m, -2.25m, null, 3, 4, 5, 6, 7, 8, 9),
            ColumnFactory.Float64(1.5, double.NaN, null, 0, -0.0, 2, 3, 4, 5, 6),
            ColumnFactory.Bool(true, false, null, true, true, false, true, true, true, false));
        await ParquetWriter.WriteAsync(table, "/tmp/scratch-snappy.parquet");
        await ParquetWriter.WriteAsync(table, "/tmp/scratch-gzip.parquet", new ParquetWriteOptions { Compression = ParquetCompression.Gzip, RowGroupRows = 3 });
    }
}
