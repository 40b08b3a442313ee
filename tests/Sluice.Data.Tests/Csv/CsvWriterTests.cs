using System.Runtime.CompilerServices;
using System.Text;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Csv;
using Sluice.Data.Execution;

namespace Sluice.Data.Tests.Csv;

public sealed class CsvWriterTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Write_FormatsValuesWithMinimalQuotingAndLf()
    {
        var schema = new Schema(new Field("s", DataType.String), new Field("m", DataType.Decimal(2)), new Field("d", DataType.Date), new Field("n", DataType.Int64));
        using var table = TestData.Table(schema,
            ColumnFactory.String("a,b", "say \"x\"", "", null, "plain"),
            ColumnFactory.Decimal(2, 1234.5m, 0.07m, -0.05m, 1999999.8m, null),
            ColumnFactory.Create(DataType.Date, [new DateOnly(2026, 3, 31), null, new DateOnly(2024, 2, 29), new DateOnly(1970, 1, 1), null]),
            ColumnFactory.Int64(1, -2, null, 5_000_000_000, 0));
        var path = _dir.File("out/x.csv");
        (await CsvWriter.WriteAsync(table, path)).ShouldBe(5);
        var text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(path));
        text.ShouldBe("s,m,d,n\n\"a,b\",1234.50,2026-03-31,1\n\"say \"\"x\"\"\",0.07,,-2\n\"\",-0.05,2024-02-29,\n,1999999.80,1970-01-01,5000000000\nplain,,,0\n");
    }

    [Fact]
    public async Task Write_ThenRead_RoundTripsEmptyStringsAndNulls()
    {
        var schema = new Schema(new Field("s", DataType.String));
        using var table = TestData.Table(schema, ColumnFactory.String("", null, "x\ny"));
        var path = _dir.File("r.csv");
        await CsvWriter.WriteAsync(table, path);
        (await TestData.RowsAsync(CsvSource.Open(path, new CsvReadOptions { Schema = schema }))).ShouldBe([[""], [null], ["x\ny"]]);
    }

    [Fact]
    public async Task Write_SourceFailsMidway_LeavesNoTargetAndNoTempFile()
    {
        var path = _dir.File("crash.csv");
        await Should.ThrowAsync<InvalidOperationException>(() => CsvWriter.WriteAsync(new FailingSource(), path));
        File.Exists(path).ShouldBeFalse();
        Directory.GetFiles(_dir.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task Write_SourceFailsMidway_KeepsPreviousFileIntact()
    {
        var path = _dir.Write("keep.csv", "old\n");
        await Should.ThrowAsync<InvalidOperationException>(() => CsvWriter.WriteAsync(new FailingSource(), path));
        (await File.ReadAllTextAsync(path)).ShouldBe("old\n");
    }

    /// <summary>Yields a batch, then throws: a writer that crashes halfway.</summary>
    private sealed class FailingSource : IBatchSource
    {
        public Schema Schema { get; } = new(new Field("n", DataType.Int64));

        public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return new RecordBatch(Schema, [ColumnFactory.Int64(1, 2, 3)], 3);
            await Task.Yield();
            throw new InvalidOperationException("disk on fire");
        }
    }
}
