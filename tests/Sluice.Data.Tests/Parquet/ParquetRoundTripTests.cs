using System.Runtime.CompilerServices;
using System.Text.Json;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Execution;
using Sluice.Data.Parquet;

namespace Sluice.Data.Tests.Parquet;

public sealed class ParquetRoundTripTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    internal static Schema AllTypes { get; } = new(
        new Field("i", DataType.Int64), new Field("s", DataType.String), new Field("d", DataType.Date),
        new Field("t", DataType.Timestamp), new Field("m", DataType.Decimal(2)), new Field("f", DataType.Float64), new Field("b", DataType.Bool));

    internal static Table AllTypesTable() => TestData.Table(AllTypes,
        ColumnFactory.Int64(1, null, long.MinValue, long.MaxValue, 0),
        ColumnFactory.String("a", "", null, "é ünïcode ✓", "a"),
        ColumnFactory.Create(DataType.Date, [new DateOnly(2024, 2, 29), null, new DateOnly(1969, 12, 31), new DateOnly(1, 1, 1), new DateOnly(9999, 12, 31)]),
        ColumnFactory.Create(DataType.Timestamp, [new DateTime(2024, 1, 1, 1, 2, 3).AddTicks(1234560), null, new DateTime(1960, 6, 1, 23, 59, 59), new DateTime(1970, 1, 1), null]),
        ColumnFactory.Decimal(2, 1.5m, -2.25m, null, 99999999999999.99m, -0.01m),
        ColumnFactory.Float64(1.5, double.NaN, null, -0.0, double.MaxValue),
        ColumnFactory.Bool(true, false, null, true, false));

    [Theory]
    [InlineData(ParquetCompression.Snappy)]
    [InlineData(ParquetCompression.Gzip)]
    [InlineData(ParquetCompression.Uncompressed)]
    public async Task RoundTrip_EveryTypeWithNulls_ReadsBackTheSameValues(ParquetCompression compression)
    {
        using var table = AllTypesTable();
        var path = _dir.File($"all-{compression}.parquet");
        (await ParquetWriter.WriteAsync(table, path, new ParquetWriteOptions { Compression = compression })).ShouldBe(5);
        var source = ParquetSource.Open(path);
        source.Schema.ShouldBe(AllTypes);
        source.RowCount.ShouldBe(5);
        (await TestData.RowsAsync(source)).ShouldBe(await TestData.RowsAsync(table));
    }

    [Fact]
    public async Task RoundTrip_AllNullColumns_StayNullWithTheirTypes()
    {
        var rows = new object?[3];
        using var table = TestData.Table(AllTypes, [.. AllTypes.Fields.Select(f => ColumnFactory.Create(f.Type, rows))]);
        var path = _dir.File("nulls.parquet");
        await ParquetWriter.WriteAsync(table, path);
        var source = ParquetSource.Open(path);
        source.Schema.ShouldBe(AllTypes);
        (await TestData.RowsAsync(source)).ShouldBe([new object?[7], new object?[7], new object?[7]]);
    }

    [Fact]
    public async Task RoundTrip_EmptyInput_WritesAFileWithTheSchemaAndNoRows()
    {
        using var table = new Table(AllTypes, []);
        var path = _dir.File("empty.parquet");
        (await ParquetWriter.WriteAsync(table, path)).ShouldBe(0);
        var source = ParquetSource.Open(path);
        source.Schema.ShouldBe(AllTypes);
        source.RowGroupCount.ShouldBe(0);
        (await TestData.RowsAsync(source)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RoundTrip_SeveralRowGroupsAndPages_KeepsRowOrderAcrossBatchBoundaries()
    {
        const int n = 10_007;
        var ids = Enumerable.Range(0, n).Select(i => i % 13 == 0 ? (long?)null : i * 3L).ToArray();
        var names = Enumerable.Range(0, n).Select(i => i % 7 == 0 ? null : $"name-{i % 50}").ToArray();
        var schema = new Schema(new Field("id", DataType.Int64), new Field("name", DataType.String));
        using var table = TestData.Table(schema, ColumnFactory.Int64(ids), ColumnFactory.String(names));
        var path = _dir.File("groups.parquet");
        await ParquetWriter.WriteAsync(table, path, new ParquetWriteOptions { RowGroupRows = 3000, PageRows = 700 });
        var source = ParquetSource.Open(path, new ParquetReadOptions { BatchRows = 1234 });
        source.RowGroupCount.ShouldBe(4);
        var rows = await TestData.RowsAsync(source);
        rows.Count.ShouldBe(n);
        rows.Select(r => (long?)r[0]).ShouldBe(ids);
        rows.Select(r => (string?)r[1]).ShouldBe(names);
    }

    /// <summary>
    /// Row groups are decoded on several threads (one per core) and must still arrive in file order, with every type and
    /// null pattern intact where batches split row groups and row groups end mid-batch.
    /// </summary>
    [Fact]
    public async Task Read_ManyRowGroupsOfEveryType_ArriveInFileOrder()
    {
        using var one = AllTypesTable();
        var tables = Enumerable.Range(0, 40).Select(_ => one.Batches[0]).ToList();
        var path = _dir.File("many-groups.parquet");
        using (var table = new Table(AllTypes, [.. tables.Select(static b => b.Gather([.. Enumerable.Range(0, b.RowCount)]))]))
        {
            await ParquetWriter.WriteAsync(table, path, new ParquetWriteOptions { RowGroupRows = 7 });
        }

        var source = ParquetSource.Open(path, new ParquetReadOptions { BatchRows = 3 });
        source.RowGroupCount.ShouldBe(29);
        var expected = await TestData.RowsAsync(one);
        (await TestData.RowsAsync(source)).ShouldBe([.. Enumerable.Range(0, 40).SelectMany(_ => expected)]);
    }

    [Fact]
    public async Task Read_ConsumerStopsAfterTheFirstBatch_EndsTheDecodingThreadsAndReadsAgain()
    {
        var ids = Enumerable.Range(0, 5000).Select(static i => (long?)i).ToArray();
        using var table = TestData.Table(new Schema(new Field("id", DataType.Int64)), ColumnFactory.Int64(ids));
        var path = _dir.File("stop.parquet");
        await ParquetWriter.WriteAsync(table, path, new ParquetWriteOptions { RowGroupRows = 100 });
        var source = ParquetSource.Open(path, new ParquetReadOptions { BatchRows = 10 });
        await foreach (var batch in source.ReadAsync())
        {
            using (batch)
            {
                batch.Column(0).GetValue(0).ShouldBe(0L);
            }

            break;
        }

        (await TestData.RowsAsync(source)).Select(static r => (long?)r[0]).ShouldBe(ids);
    }

    [Fact]
    public async Task RoundTrip_RowGroupBytesLimit_ClosesGroupsBySize()
    {
        var schema = new Schema(new Field("s", DataType.String));
        using var table = TestData.Table(schema, ColumnFactory.String([.. Enumerable.Range(0, 40_000).Select(i => new string((char)('a' + (i % 26)), 100) + i)]));
        var path = _dir.File("bytes.parquet");
        await ParquetWriter.WriteAsync(table, path, new ParquetWriteOptions { RowGroupBytes = 500_000, DictionaryMaxEntries = 0, Compression = ParquetCompression.Uncompressed });
        var source = ParquetSource.Open(path);
        // 40,000 values of 101-105 bytes plus a 4-byte offset each: about 4.3 MB before encoding, so nine groups of 500 kB.
        source.RowGroupCount.ShouldBe(9);
        (await TestData.RowsAsync(source)).Count.ShouldBe(40_000);
    }

    [DuckDbFact]
    public async Task RoundTrip_HugeStrings_LargerThanAPage()
    {
        var big = new string('x', 3 << 20) + "end";
        var unicode = string.Concat(Enumerable.Repeat("€ñ", 600_000));
        var schema = new Schema(new Field("s", DataType.String));
        using var table = TestData.Table(schema, ColumnFactory.String(big, null, unicode, "small"));
        var path = _dir.File("huge.parquet");
        await ParquetWriter.WriteAsync(table, path);
        (await TestData.RowsAsync(ParquetSource.Open(path))).ShouldBe([[big], [null], [unicode], ["small"]]);
        // A stored max must be an upper bound: the whole largest value or none, never a cut one.
        var max = ParquetMetadata.Chunk(path, 0, 0).GetProperty("stats_max_value");
        if (max.ValueKind != JsonValueKind.Null)
        {
            max.GetString().ShouldBe(unicode);
        }
    }

    [DuckDbFact]
    public async Task RoundTrip_TenThousandDistinctStrings_FallsBackFromDictionaryToPlain()
    {
        var values = Enumerable.Range(0, 30_000).Select(i => i % 10 == 9 ? null : $"v{i % 10_000:D5}").ToArray();
        var schema = new Schema(new Field("s", DataType.String));
        using var table = TestData.Table(schema, ColumnFactory.String(values));
        var path = _dir.File("distinct.parquet");
        await ParquetWriter.WriteAsync(table, path, new ParquetWriteOptions { PageRows = 1000, DictionaryMaxBytes = 16_000 });
        var meta = ParquetMetadata.Chunk(path, 0, 0);
        meta.GetProperty("dictionary_page_offset").ValueKind.ShouldNotBe(JsonValueKind.Null);
        meta.GetProperty("encodings").GetString()!.ShouldContain("RLE_DICTIONARY");
        meta.GetProperty("encodings").GetString()!.ShouldContain("PLAIN");
        meta.GetProperty("stats_min_value").GetString().ShouldBe("v00000");
        meta.GetProperty("stats_max_value").GetString().ShouldBe("v09998");
        meta.GetProperty("stats_null_count").ToString().ShouldBe("3000");
        (await TestData.RowsAsync(ParquetSource.Open(path))).Select(r => (string?)r[0]).ShouldBe(values);
    }

    [DuckDbFact]
    public async Task Write_DictionaryColumnInput_IsWrittenAsADictionary_AndReadBackAsOne()
    {
        var values = Enumerable.Range(0, 5000).Select(i => i % 11 == 0 ? null : $"cat{i % 5}").ToArray();
        var schema = new Schema(new Field("c", DataType.String));
        using var table = TestData.Table(schema, ColumnFactory.DictionaryString(values));
        table.Batches[0].Column(0).ShouldBeOfType<DictionaryColumn>();
        var path = _dir.File("dict.parquet");
        await ParquetWriter.WriteAsync(table, path);
        ParquetMetadata.Chunk(path, 0, 0).GetProperty("encodings").GetString()!.ShouldContain("RLE_DICTIONARY");
        await foreach (var batch in ParquetSource.Open(path).ReadAsync())
        {
            using (batch)
            {
                batch.Column(0).ShouldBeOfType<DictionaryColumn>();
            }
        }

        (await TestData.RowsAsync(ParquetSource.Open(path))).Select(r => (string?)r[0]).ShouldBe(values);
    }

    [Fact]
    public async Task Read_ColumnsOption_ProjectsInTheGivenOrder()
    {
        using var table = AllTypesTable();
        var path = _dir.File("proj.parquet");
        await ParquetWriter.WriteAsync(table, path);
        var source = ParquetSource.Open(path, new ParquetReadOptions { Columns = ["m", "i"] });
        source.Schema.ShouldBe(new Schema(new Field("m", DataType.Decimal(2)), new Field("i", DataType.Int64)));
        (await TestData.RowsAsync(source))[0].ShouldBe([1.5m, 1L]);
    }

    [Fact]
    public async Task Open_UnknownColumn_NamesItAndTheFileColumns()
    {
        using var table = AllTypesTable();
        var path = _dir.File("proj.parquet");
        await ParquetWriter.WriteAsync(table, path);
        var ex = Should.Throw<DataException>(() => ParquetSource.Open(path, new ParquetReadOptions { Columns = ["nope"] }));
        ex.Message.ShouldContain("column 'nope' is not in the file");
        ex.Message.ShouldContain("i, s, d, t, m, f, b");
    }

    [Fact]
    public async Task Write_SourceFailsMidway_LeavesNoFile()
    {
        var path = _dir.File("crash.parquet");
        await Should.ThrowAsync<InvalidOperationException>(() => ParquetWriter.WriteAsync(new FailingSource(), path));
        Directory.GetFiles(_dir.Path).ShouldBeEmpty();
    }

    [Fact]
    public void Options_Invalid_ListsEveryProblem()
    {
        var ex = Should.Throw<ArgumentException>(() => new ParquetWriteOptions { RowGroupRows = 0, PageBytes = -1 }.Validate());
        ex.Message.ShouldContain("RowGroupRows must be at least 1, was 0");
        ex.Message.ShouldContain("PageBytes must be at least 1, was -1");
    }

    private sealed class FailingSource : IBatchSource
    {
        public Schema Schema { get; } = new(new Field("x", DataType.Int64));

        public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return new RecordBatch(Schema, [ColumnFactory.Int64(1, 2)], 2);
            await Task.Yield();
            throw new InvalidOperationException("boom");
        }
    }
}
