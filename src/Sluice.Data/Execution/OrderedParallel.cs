using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Sluice.Data.Execution;

/// <summary>
/// Runs a function over a sequence on several threads and yields the results in input order.
/// A bounded channel of pending tasks (2 × degree) gives backpressure: the producer stops reading
/// when the consumer falls behind, so memory stays bounded.
/// </summary>
internal static class OrderedParallel
{
    public static IAsyncEnumerable<TOut> RunAsync<TIn, TOut>(IEnumerable<TIn> source, Func<TIn, TOut> work, int degree, CancellationToken cancellationToken = default) =>
        RunAsync(ToAsync(source, cancellationToken), work, degree, cancellationToken);

    private static async IAsyncEnumerable<T> ToAsync<T>(IEnumerable<T> source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var item in source)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public static async IAsyncEnumerable<TOut> RunAsync<TIn, TOut>(
        IAsyncEnumerable<TIn> source,
        Func<TIn, TOut> work,
        int degree,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        degree = Math.Max(1, degree);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = cts.Token;
        var pending = Channel.CreateBounded<Task<TOut>>(new BoundedChannelOptions(degree * 2)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        using var gate = new SemaphoreSlim(degree);
        var producer = Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var item in source.WithCancellation(token).ConfigureAwait(false))
                    {
                        var task = RunOneAsync(item, work, gate, token);
                        await pending.Writer.WriteAsync(task, token).ConfigureAwait(false);
                    }

                    pending.Writer.Complete();
                }
                catch (Exception ex)
                {
                    pending.Writer.Complete(ex);
                }
            },
            token);

        try
        {
            await foreach (var task in pending.Reader.ReadAllAsync(token).ConfigureAwait(false))
            {
                yield return await task.ConfigureAwait(false);
            }

            await producer.ConfigureAwait(false);
        }
        finally
        {
            await cts.CancelAsync().ConfigureAwait(false);
            await DrainAsync(pending.Reader, producer).ConfigureAwait(false);
        }
    }

    private static Task<TOut> RunOneAsync<TIn, TOut>(TIn item, Func<TIn, TOut> work, SemaphoreSlim gate, CancellationToken token) =>
        Task.Run(
            async () =>
            {
                await gate.WaitAsync(token).ConfigureAwait(false);
                var result = default(TOut);
                try
                {
                    result = work(item);
                    return result;
                }
                finally
                {
                    gate.Release();
                    // The work may hand its input on unchanged; then the consumer owns it.
                    if (!ReferenceEquals(result, item))
                    {
                        (item as IDisposable)?.Dispose();
                    }
                }
            },
            token);

    /// <summary>After an early exit or a failure, waits for in-flight work and disposes results nobody will consume.</summary>
    private static async Task DrainAsync<TOut>(ChannelReader<Task<TOut>> reader, Task producer)
    {
        try
        {
            await producer.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Cancellation is how the producer was stopped.
        }

        while (reader.TryRead(out var task))
        {
            try
            {
                var result = await task.ConfigureAwait(false);
                (result as IDisposable)?.Dispose();
            }
            catch (Exception ex) when (ex is OperationCanceledException or DataException)
            {
                // The consumer has stopped; an abandoned item's failure has nowhere to go.
            }
        }
    }
}
