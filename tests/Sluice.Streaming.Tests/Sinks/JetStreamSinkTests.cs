using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Streaming.Checkpoints;
using Sluice.Streaming.Definition;
using Sluice.Streaming.Sinks;
using Sluice.Streaming.Tests.Testing;

namespace Sluice.Streaming.Tests.Sinks;

/// <summary>
/// The JetStream sink against a real <c>nats-server -js</c>: rows are published only when their checkpoint commits,
/// and publishing a restored checkpoint again (a crash during phase two) adds nothing: JetStream drops the repeated
/// message ids.
/// </summary>
public sealed class JetStreamSinkTests : IDisposable
{
    private NatsServer? _nats;

    private NatsServer Nats => _nats ??= new NatsServer();

    private static RecordBatch Rows(params long[] values)
    {
        var schema = new Schema([new Field("n", DataType.Int64)]);
        return new RecordBatch(schema, [ColumnFactory.Create(DataType.Int64, [.. values.Select(static v => (object?)v)])], values.Length);
    }

    private JetStreamSink Sink() =>
        new(new JetStreamSinkSpec(Nats.Url, "out.rows"), null, new Schema([new Field("n", DataType.Int64)]), "run1/task/-1", "t.parameters.sink");

    [NatsFact]
    public async Task CheckpointPublishedTwice_AfterRestore_IsDeduplicated()
    {
        await JetStreamTestData.CreateStreamAsync(Nats.Url, "OUT", "out.>");
        byte[] state;
        await using (var sink = Sink())
        {
            using (var batch = Rows(1, 2, 3))
            {
                sink.Write(batch, 1);
            }

            sink.Prepare(1);
            using var w = new StateWriter();
            sink.Save(w);
            state = w.ToArray();
            (await JetStreamTestData.ReadAllAsync(Nats.Url, "OUT")).ShouldBeEmpty("nothing is published before the checkpoint commits");
            await sink.CommitAsync(1, CancellationToken.None);
        }

        await using (var restored = Sink())
        {
            restored.Restore(1, 3);
            using (var r = new StateReader(state))
            {
                restored.Load(r);
            }

            await restored.CommitAsync(1, CancellationToken.None);
            restored.Duplicates.ShouldBe(3);
        }

        (await JetStreamTestData.ReadAllAsync(Nats.Url, "OUT")).ShouldBe(["{\"n\":1}", "{\"n\":2}", "{\"n\":3}"]);
    }

    public void Dispose() => _nats?.Dispose();
}
