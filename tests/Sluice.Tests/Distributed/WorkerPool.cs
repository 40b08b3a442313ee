using Sluice.Distributed;
using Sluice.Stores;

namespace Sluice.Tests.Distributed;

/// <summary>In-process <see cref="DistributedWorker"/>s on one store, running until disposed.</summary>
internal sealed class WorkerPool : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];

    public WorkerPool(SluiceStore store, WorkerOptions options, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var worker = new DistributedWorker(store, options with { WorkerId = $"w{i}:{Guid.NewGuid():N}" });
            _loops.Add(Task.Run(() => worker.RunAsync(_stop.Token)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        _stop.Dispose();
    }
}
