using System.Runtime.CompilerServices;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Execution;
using Sluice.DataActions.IO;
using Sluice.Diagnostics;
using Sluice.Tests.Testing;

namespace Sluice.DataActions.Tests;

public sealed class ExportAtomicityTests
{
    private static readonly Schema Kv = new(new Field("k", DataType.String), new Field("v", DataType.Int64));

    /// <summary>Yields one batch, then fails like a crashed upstream read.</summary>
    private sealed class FailingSource : IBatchSource
    {
        public Schema Schema => Kv;

        public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return new RecordBatch(Kv, [ColumnFactory.String("a", "b"), ColumnFactory.Int64(1, 2)], 2);
            await Task.Yield();
            throw new IOException("disk vanished");
        }
    }

    [Theory]
    [InlineData("csv", "out.csv")]
    [InlineData("json", "out.json")]
    [InlineData("jsonl", "out.jsonl")]
    public async Task Write_SourceFailsMidway_LeavesNoTargetAndNoTemporaryFile(string format, string name)
    {
        using var dir = new TempDirectory();
        var target = dir.File(name);

        await Should.ThrowAsync<SluiceException>(() => DatasetWriter.WriteAsync(new FailingSource(), target, format));

        File.Exists(target).ShouldBeFalse();
        Directory.GetFileSystemEntries(dir.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task Write_FailureOverAnOldFile_KeepsTheOldFile()
    {
        using var dir = new TempDirectory();
        var target = dir.File("out.csv");
        await File.WriteAllTextAsync(target, "k,v\nold,0\n");

        await Should.ThrowAsync<SluiceException>(() => DatasetWriter.WriteAsync(new FailingSource(), target, "csv"));

        (await File.ReadAllTextAsync(target)).ShouldBe("k,v\nold,0\n");
    }

    [Fact]
    public async Task Write_SqliteFailsMidway_LeavesTheOldTableAndNoStagingTable()
    {
        using var dir = new TempDirectory();
        var db = dir.File("out.db");
        using (var good = new Table(Kv, [new RecordBatch(Kv, [ColumnFactory.String("old"), ColumnFactory.Int64(0)], 1)]))
        {
            await DatasetWriter.WriteAsync(good, db, "sqlite", new WriteSettings { Table = "kv" });
        }

        await Should.ThrowAsync<SluiceException>(() => DatasetWriter.WriteAsync(new FailingSource(), db, "sqlite", new WriteSettings { Table = "kv" }));

        var source = SqliteTableSource.Open(db, "kv");
        using var rows = await Table.FromAsync(source.Schema, source.ReadAsync(null));
        rows.RowCount.ShouldBe(1);
        rows.GetValue(0, "k").ShouldBe("old");
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table'";
        cmd.ExecuteScalar().ShouldBe(1L);
    }

    [Fact]
    public async Task Write_PartitionedFailsMidway_LeavesNoRootFolder()
    {
        using var dir = new TempDirectory();
        var root = dir.File("parts");

        await Should.ThrowAsync<SluiceException>(() => DatasetWriter.WriteAsync(new FailingSource(), root, "csv", new WriteSettings { PartitionBy = ["k"] }));

        Directory.GetFileSystemEntries(dir.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task Write_Partitioned_WritesOneFilePerKeyWithoutTheKeyColumn()
    {
        using var dir = new TempDirectory();
        var schema = new Schema(new Field("k", DataType.String), new Field("v", DataType.Int64));
        using var table = new Table(schema, [new RecordBatch(schema, [ColumnFactory.String("a", "b/c", null, "a"), ColumnFactory.Int64(1, 2, 3, 4)], 4)]);

        var (rows, files) = await DatasetWriter.WriteAsync(table, dir.File("parts"), "csv", new WriteSettings { PartitionBy = ["k"] });

        rows.ShouldBe(4);
        files.Select(f => Path.GetRelativePath(dir.Path, f)).ShouldBe(["parts/k=__HIVE_DEFAULT_PARTITION__/part-00000.csv", "parts/k=a/part-00000.csv", "parts/k=b%2Fc/part-00000.csv"]);
        (await File.ReadAllTextAsync(dir.File("parts/k=a/part-00000.csv"))).ShouldBe("v\n1\n4\n");
    }
}
