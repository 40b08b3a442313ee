using Microsoft.Data.Sqlite;
using Sluice.Data.Batches;
using Sluice.Streaming.Checkpoints;
using Sluice.Streaming.Definition;
using Sluice.Streaming.Sinks;
using Sluice.Streaming.Windows;
using Sluice.Tests.Testing;

namespace Sluice.Streaming.Tests.Sinks;

/// <summary>
/// The SQLite table sink's commit protocol: checkpoint N carries its rows; committing them is recorded with N in
/// <c>sluice_stream_epochs</c>, so a resumed task that commits N again (the crash came after the database commit) adds
/// nothing, and one whose database commit never happened adds them once.
/// </summary>
public sealed class SqliteTableSinkTests : IDisposable
{
    private static readonly Schema Schema = new(new Field("k", DataType.String), new Field("n", DataType.Int64));
    private readonly TempDirectory _dir = new();

    private SqliteTableSink Sink(params string[] key) =>
        new(new SinkSpec(_dir.File("out.db"), null, false, new TableSinkSpec("counts", key)), Schema, "t.parameters.sink", "run/t/-1");

    private static RecordBatch Batch(params (string K, long N)[] rows) => new(Schema,
        [WindowInput.Build(DataType.String, [.. rows.Select(static r => (object?)r.K)]), WindowInput.Build(DataType.Int64, [.. rows.Select(static r => (object?)r.N)])], rows.Length);

    private List<string> Rows()
    {
        using var db = new SqliteConnection($"Data Source={_dir.File("out.db")};Pooling=false");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT k || '=' || n FROM counts ORDER BY rowid";
        using var r = cmd.ExecuteReader();
        var rows = new List<string>();
        while (r.Read())
        {
            rows.Add(r.GetString(0));
        }

        return rows;
    }

    private static byte[] Checkpoint(SqliteTableSink sink)
    {
        using var w = new StateWriter();
        sink.Save(w);
        return w.ToArray();
    }

    [Fact]
    public async Task Restore_AfterTheDatabaseCommitted_WritesNothingTwice()
    {
        await using var sink = Sink();
        using (var b = Batch(("a", 1), ("b", 2)))
        {
            sink.Write(b, 1);
        }

        var state = Checkpoint(sink);
        await sink.CommitAsync(1, CancellationToken.None);

        await using var resumed = Sink();
        using (var r = new StateReader(state))
        {
            resumed.Load(r);
        }

        resumed.Restore(1, 2);
        await resumed.CommitAsync(1, CancellationToken.None);

        Rows().ShouldBe(["a=1", "b=2"]);
    }

    [Fact]
    public async Task Restore_WhenTheDatabaseCommitWasCutShort_WritesTheCheckpointsRowsOnce()
    {
        await using var sink = Sink();
        using (var b = Batch(("a", 1)))
        {
            sink.Write(b, 1);
        }

        await sink.CommitAsync(1, CancellationToken.None);
        using (var b = Batch(("b", 2), ("c", 3)))
        {
            sink.Write(b, 2);
        }

        var state = Checkpoint(sink);

        await using var resumed = Sink();
        using (var r = new StateReader(state))
        {
            resumed.Load(r);
        }

        resumed.Restore(2, 3);
        await resumed.CommitAsync(2, CancellationToken.None);
        resumed.Restore(2, 3);
        await resumed.CommitAsync(2, CancellationToken.None);

        Rows().ShouldBe(["a=1", "b=2", "c=3"]);
    }

    [Fact]
    public async Task Upsert_ByKey_KeepsTheLastRowPerKey()
    {
        await using var sink = Sink("k");
        using (var b = Batch(("a", 1), ("b", 2)))
        {
            sink.Write(b, 1);
        }

        await sink.CommitAsync(1, CancellationToken.None);
        using (var b = Batch(("a", 5)))
        {
            sink.Write(b, 2);
        }

        await sink.CommitAsync(2, CancellationToken.None);

        Rows().Order().ShouldBe(["a=5", "b=2"]);
    }

    public void Dispose() => _dir.Dispose();
}
