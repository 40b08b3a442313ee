using Sluice.Distributed;
using Sluice.Stores;

namespace Sluice.Postgres.Tests.Distributed;

/// <summary>Several <see cref="DistributedWorker"/>s running in this process until disposed.</summary>
internal sealed class WorkerGroup : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];

    private WorkerGroup()
    {
    }

    public List<DistributedWorker> Workers { get; } = [];

    public static WorkerGroup Start(SluiceStore store, WorkerOptions options, int count)
    {
        var group = new WorkerGroup();
        for (var i = 0; i < count; i++)
        {
            var worker = new DistributedWorker(store, options with { WorkerId = $"test-worker-{i}-{Guid.NewGuid():N}" });
            group.Workers.Add(worker);
            group._loops.Add(Task.Run(() => worker.RunAsync(group._stop.Token)));
        }
        return group;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        _stop.Dispose();
    }
}
