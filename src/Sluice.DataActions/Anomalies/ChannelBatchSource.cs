using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Sluice.Data.Batches;
using Sluice.Data.Execution;

namespace Sluice.DataActions.Anomalies;

/// <summary>A batch source fed through a bounded channel, so one producer can feed several writers at once (backpressure included).</summary>
internal sealed class ChannelBatchSource(Schema schema) : IBatchSource
{
    private readonly Channel<RecordBatch> _channel = Channel.CreateBounded<RecordBatch>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });

    public Schema Schema { get; } = schema;

    public ChannelWriter<RecordBatch> Writer => _channel.Writer;

    public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var batch in _channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return transform is null ? batch : transform(batch);
        }
    }

    /// <summary>Disposes batches nobody will read (after a failure).</summary>
    public void Drain()
    {
        while (_channel.Reader.TryRead(out var batch))
        {
            batch.Dispose();
        }
    }
}
