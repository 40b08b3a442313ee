using System.Runtime.CompilerServices;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Csv;
using Sluice.Data.Execution;

namespace Sluice.Data.Tests.Csv;

public sealed class PartitionedCsvWriterTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly Schema Schema = new(new Field("day", DataType.Date), new Field("cat", DataType.String), new Field("n", DataType.Int64));

    [Fact]
    public async Task Write_OneFolderPerKeyValue_PartitionColumnsInPathOnly()
    {
        using var t = new Table(Schema,
        [
            new RecordBatch(Schema, [ColumnFactory.Create(DataType.Date, [new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 2)]), ColumnFactory.String("a/b", null), ColumnFactory.Int64(1, 2)], 2),
            new RecordBatch(Schema, [ColumnFactory.Create(DataType.Date, [new DateOnly(2026, 1, 1)]), ColumnFactory.String("a/b"), ColumnFactory.Int64(3)], 1),
        ]);
        var root = _dir.File("out");
        (await PartitionedCsvWriter.WriteAsync(t, root, ["day", "cat"])).ShouldBe(2);
        (await File.ReadAllTextAsync(Path.Combine(root, "day=2026-01-01", "cat=a%2Fb", "part-00000.csv"))).ShouldBe("n\n1\n3\n");
        (await File.ReadAllTextAsync(Path.Combine(root, "day=2026-01-02", "cat=__HIVE_DEFAULT_PARTITION__", "part-00000.csv"))).ShouldBe("n\n2\n");
    }

    [Fact]
    public async Task Write_FailsMidway_LeavesPreviousRootAndNoStaging()
    {
        var root = _dir.File("out");
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, "old.txt"), "old");
        await Should.ThrowAsync<InvalidOperationException>(() => PartitionedCsvWriter.WriteAsync(new Failing(), root, ["cat"]));
        Directory.GetFileSystemEntries(_dir.Path).ShouldBe([root]);
        File.Exists(Path.Combine(root, "old.txt")).ShouldBeTrue();
    }

    private sealed class Failing : IBatchSource
    {
        public Schema Schema => PartitionedCsvWriterTests.Schema;

        public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return new RecordBatch(Schema, [ColumnFactory.Create(DataType.Date, [new DateOnly(2026, 1, 1)]), ColumnFactory.String("x"), ColumnFactory.Int64(1)], 1);
            await Task.Yield();
            throw new InvalidOperationException("crash");
        }
    }
}
