using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Sluice.Data.Batches;

namespace Sluice.Data.Execution;

/// <summary>
/// Runs an upstream stage on its own task and hands its batches over a bounded channel, so adjacent stateful
/// operators work concurrently (pipeline parallelism) while backpressure bounds the batches in flight.
/// </summary>
internal static class Prefetch
{
    public static async IAsyncEnumerable<RecordBatch> RunAsync(IAsyncEnumerable<RecordBatch> source, int capacity, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<RecordBatch>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var b in source.WithCancellation(cts.Token).ConfigureAwait(false))
                    {
                        try
                        {
                            await channel.Writer.WriteAsync(b, cts.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException)
                        {
                            b.Dispose();
                            throw;
                        }
                    }

                    channel.Writer.Complete();
                }
                catch (Exception ex)
                {
                    channel.Writer.Complete(ex);
                }
            },
            CancellationToken.None);

        try
        {
            await foreach (var b in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return b;
            }
        }
        finally
        {
            await cts.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(false);
            while (channel.Reader.TryRead(out var left))
            {
                left.Dispose();
            }
        }
    }
}
