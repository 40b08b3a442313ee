using Sluice.Distributed;
using Sluice.Stores;

namespace Sluice.TaskQueue;

/// <summary>
/// A running worker for queue jobs (seed 002's <c>Worker</c>): started in the background, stopped by
/// <see cref="DisposeAsync"/> (running jobs finish within the grace period; the rest go back to the queue).
/// It also serves distributed pipeline tasks when its options allow their queues.
/// </summary>
public sealed class TaskQueueWorker : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private TaskQueueWorker(DistributedWorker worker)
    {
        Worker = worker;
        _loop = Task.Run(() => worker.RunAsync(_stop.Token));
    }

    /// <summary>The engine.</summary>
    public DistributedWorker Worker { get; }

    /// <summary>Starts a worker on <paramref name="store"/>; <see cref="WorkerOptions.Handlers"/> names the jobs it runs.</summary>
    public static TaskQueueWorker Start(SluiceStore store, WorkerOptions options) => new(new DistributedWorker(store, options));

    /// <summary>Stops the worker and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        finally
        {
            _stop.Dispose();
        }
    }
}
