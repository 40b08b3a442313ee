using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Parquet;

namespace Sluice.Data.Tests.Parquet;

public sealed class ParquetCorruptFileTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Open_NotParquet_SaysSo()
    {
        var path = _dir.Write("x.parquet", "order_id,amount\n1,2\n");
        Should.Throw<DataException>(() => ParquetSource.Open(path)).Message.ShouldBe($"{path}: not a Parquet file (it does not start with PAR1).");
    }

    [Fact]
    public void Open_MissingFile_IsAPermanentDataException()
    {
        var ex = Should.Throw<DataException>(() => ParquetSource.Open(_dir.File("none.parquet")));
        ex.IsTransient.ShouldBeFalse();
        ex.Message.ShouldContain("none.parquet");
    }

    [Fact]
    public async Task Open_TruncatedFile_NamesFileAndLength()
    {
        var path = await WriteSampleAsync(ParquetCompression.Snappy);
        var bytes = await File.ReadAllBytesAsync(path);
        var cut = _dir.Write("cut.parquet", bytes[..(bytes.Length / 2)]);
        var ex = Should.Throw<DataException>(() => ParquetSource.Open(cut));
        ex.Message.ShouldStartWith($"{cut}: corrupt or truncated Parquet file");
        ex.Message.ShouldContain($"({bytes.Length / 2} bytes)");
    }

    [Fact]
    public async Task Read_DamagedPageHeader_IsADataExceptionNamingTheFile()
    {
        var path = await WriteSampleAsync(ParquetCompression.Uncompressed);
        var bytes = await File.ReadAllBytesAsync(path);
        // The first column chunk's first page header starts right after the leading PAR1: garble it.
        bytes.AsSpan(4, 8).Fill(0xFF);
        var broken = _dir.Write("broken.parquet", bytes);
        var ex = await Should.ThrowAsync<DataException>(() => TestData.RowsAsync(ParquetSource.Open(broken)));
        ex.Message.ShouldStartWith($"{broken}: corrupt Parquet data");
    }

    [Theory]
    [InlineData(ParquetCompression.Uncompressed)]
    [InlineData(ParquetCompression.Snappy)]
    [InlineData(ParquetCompression.Gzip)]
    [InlineData(ParquetCompression.Zstd)]
    public async Task Read_AnySingleByteDamagedOrFileCut_FailsOnlyWithDataException(ParquetCompression compression)
    {
        var path = await WriteSampleAsync(compression);
        var original = await File.ReadAllBytesAsync(path);
        var damaged = _dir.File("damaged.parquet");
        var failures = 0;
        for (var i = 0; i < original.Length; i++)
        {
            var bytes = (byte[])original.Clone();
            bytes[i] ^= (byte)(0x5A + i);
            await File.WriteAllBytesAsync(damaged, bytes);
            failures += await ReadOrDataExceptionAsync(damaged, $"byte {i} changed");
        }

        for (var length = 0; length < original.Length; length += 5)
        {
            await File.WriteAllBytesAsync(damaged, original[..length]);
            failures += await ReadOrDataExceptionAsync(damaged, $"cut at {length}");
        }

        failures.ShouldBeGreaterThan(original.Length / 10); // the damage is noticed, not silently decoded everywhere
    }

    private static async Task<int> ReadOrDataExceptionAsync(string path, string what)
    {
        try
        {
            // Decoding only: damaged values may be out of range for DateOnly and the like, which is not the reader's concern.
            await foreach (var batch in ParquetSource.Open(path).ReadAsync())
            {
                batch.Dispose();
            }

            return 0;
        }
        catch (DataException ex)
        {
            ex.Message.ShouldContain(path, customMessage: what);
            return 1;
        }
        catch (Exception ex)
        {
            throw new ShouldAssertException($"{what}: {ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    private async Task<string> WriteSampleAsync(ParquetCompression compression)
    {
        var schema = new Schema(new Field("id", DataType.Int64), new Field("name", DataType.String), new Field("ok", DataType.Bool), new Field("d", DataType.Date));
        var n = 40;
        using var table = TestData.Table(schema,
            ColumnFactory.Int64([.. Enumerable.Range(0, n).Select(i => i % 5 == 0 ? (long?)null : i)]),
            ColumnFactory.String([.. Enumerable.Range(0, n).Select(i => i % 6 == 0 ? null : $"n{i % 4}")]),
            ColumnFactory.Bool([.. Enumerable.Range(0, n).Select(i => (bool?)(i % 3 == 0))]),
            ColumnFactory.Create(DataType.Date, [.. Enumerable.Range(0, n).Select(i => (object?)new DateOnly(2024, 1, 1).AddDays(i))]));
        var path = _dir.File($"sample-{compression}.parquet");
        await ParquetWriter.WriteAsync(table, path, new ParquetWriteOptions { Compression = compression, RowGroupRows = 25, PageRows = 10 });
        return path;
    }
}
