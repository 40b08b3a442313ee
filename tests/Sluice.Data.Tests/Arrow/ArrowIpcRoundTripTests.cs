using Sluice.Data.Arrow;
using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.Tests.Arrow;

public sealed class ArrowIpcRoundTripTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly Schema AllTypes = new(
        new Field("i", DataType.Int64), new Field("f", DataType.Float64), new Field("b", DataType.Bool), new Field("s", DataType.String),
        new Field("d", DataType.Date), new Field("t", DataType.Timestamp), new Field("m", DataType.Decimal(2)), new Field("k", DataType.String));

    private static RecordBatch Batch(int start, int count, string dictionaryPrefix)
    {
        var r = Enumerable.Range(start, count).ToArray();
        return new RecordBatch(AllTypes,
        [
            ColumnFactory.Int64([.. r.Select(x => x % 7 == 0 ? null : (long?)(x * 1_000_003L) - 5_000_000_000L)]),
            ColumnFactory.Float64([.. r.Select(x => x % 5 == 0 ? null : (double?)(x * 0.25) - 10)]),
            ColumnFactory.Bool([.. r.Select(x => x % 3 == 0 ? null : (bool?)(x % 2 == 0))]),
            ColumnFactory.String([.. r.Select(x => x % 11 == 0 ? null : x % 13 == 0 ? "" : $"été {x}")]),
            ColumnFactory.Create(DataType.Date, [.. r.Select(x => x % 4 == 0 ? null : (object)new DateOnly(1969, 12, 25).AddDays(x))]),
            ColumnFactory.Create(DataType.Timestamp, [.. r.Select(x => x % 6 == 0 ? null : (object)DateTime.UnixEpoch.AddSeconds((x * 3601) - 100_000))]),
            ColumnFactory.Decimal(2, [.. r.Select(x => x % 9 == 0 ? null : (decimal?)((x * 37) - 900) / 100m)]),
            // Each batch has its own dictionary; the file must hold one with every value.
            ColumnFactory.DictionaryString([.. r.Select(x => x % 10 == 0 ? null : $"{dictionaryPrefix}{x % 4}")]),
        ], count);
    }

    [Fact]
    public async Task WriteThenRead_EveryTypeWithNullsAndPerBatchDictionaries_ReadsTheSameRows()
    {
        using var table = new Table(AllTypes, [Batch(0, 100, "a"), Batch(100, 57, "b"), Batch(157, 30, "a")]);
        var path = _dir.File("all.arrow");

        var written = await ArrowIpcWriter.WriteAsync(table, path);

        written.ShouldBe(187);
        var source = ArrowIpcSource.Open(path);
        source.Schema.ShouldBe(AllTypes);
        var rows = await TestData.RowsAsync(source);
        rows.ShouldBe(await TestData.RowsAsync(table));
        source.RowsRead.ShouldBe(187);
    }

    [Fact]
    public async Task Read_DictionaryColumn_StaysDictionaryEncodedWithOneSharedDictionary()
    {
        using var table = new Table(AllTypes, [Batch(0, 100, "a"), Batch(100, 100, "b")]);
        var path = _dir.File("dict.arrow");
        await ArrowIpcWriter.WriteAsync(table, path);

        var dictionaries = new List<StringColumn>();
        var values = new List<string?>();
        await foreach (var batch in ArrowIpcSource.Open(path, ["k", "s"]).ReadAsync(null))
        {
            using (batch)
            {
                batch.Schema.Fields.Select(static f => f.Name).ShouldBe(["k", "s"]);
                var k = batch.Column(0).ShouldBeOfType<DictionaryColumn>();
                dictionaries.Add(k.Dictionary);
                values = [.. Enumerable.Range(0, k.Dictionary.Length).Select(k.Dictionary.GetString)];
                batch.Column(1).ShouldBeOfType<StringColumn>();
            }
        }

        dictionaries.Count.ShouldBe(2);
        dictionaries[0].ShouldBeSameAs(dictionaries[1]);
        values.ShouldBe(["a0", "a1", "a2", "a3", "b0", "b1", "b2", "b3"], ignoreOrder: true);
    }

    [Fact]
    public async Task WriteThenRead_NoRows_KeepsTheSchema()
    {
        using var table = new Table(AllTypes, []);
        var path = _dir.File("empty.arrow");

        (await ArrowIpcWriter.WriteAsync(table, path)).ShouldBe(0);

        var source = ArrowIpcSource.Open(path);
        source.Schema.ShouldBe(AllTypes);
        (await TestData.RowsAsync(source)).ShouldBeEmpty();
    }

    [Fact]
    public void Open_NotAnArrowFile_SaysWhatItExpected()
    {
        var path = _dir.Write("data.arrow", "a,b\n1,2\n");

        var ex = Should.Throw<DataException>(() => ArrowIpcSource.Open(path));

        ex.Message.ShouldBe($"{path}: not an Arrow IPC file (Feather v2): it does not start with the bytes 'ARROW1'");
    }

    [Fact]
    public async Task Open_MissingColumn_NamesTheColumnsTheFileHas()
    {
        using var table = new Table(AllTypes, [Batch(0, 3, "a")]);
        var path = _dir.File("cols.arrow");
        await ArrowIpcWriter.WriteAsync(table, path);

        var ex = Should.Throw<DataException>(() => ArrowIpcSource.Open(path, ["i", "x"]));

        ex.Message.ShouldBe($"{path}: column 'x' is not in the file (it has: i, f, b, s, d, t, m, k)");
    }
}
