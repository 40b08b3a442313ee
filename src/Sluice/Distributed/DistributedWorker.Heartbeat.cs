using System.Globalization;

namespace Sluice.Distributed;

public sealed partial class DistributedWorker
{
    /// <summary>
    /// Renews the leases of every item in flight (one statement) a few times per lease period, and now and
    /// then re-queues the items of workers that stopped renewing theirs. A lease found lost (expired while this
    /// worker was cut off, and re-queued) cancels its attempt: another worker owns the item now.
    /// </summary>
    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromTicks(Math.Max(_options.LeaseDuration.Ticks / 3, TimeSpan.TicksPerMillisecond * 50));
        var lastReap = _time.GetTimestamp();
        try
        {
            using var timer = new PeriodicTimer(interval, _time);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await RenewAsync(cancellationToken).ConfigureAwait(false);
                if (_time.GetElapsedTime(lastReap) >= _options.ReapInterval)
                {
                    lastReap = _time.GetTimestamp();
                    await ReapAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        var ids = _inflight.Keys.ToArray();
        if (ids.Length == 0)
        {
            return;
        }
        IReadOnlyList<long> held;
        try
        {
            held = await _work.RenewLeasesAsync(Id, ids, _time.GetUtcNow() + _options.LeaseDuration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log($"worker {Id}: renewing leases failed ({ex.Message}); will retry");
            return;
        }
        if (held.Count == ids.Length)
        {
            return;
        }
        var kept = new HashSet<long>(held);
        foreach (var id in ids)
        {
            // An id may have been committed (and removed) since the snapshot; only live ones count as lost.
            if (!kept.Contains(id) && _inflight.TryGetValue(id, out var f) && !f.Finished)
            {
                Log(string.Create(CultureInfo.InvariantCulture, $"worker {Id}: lease of item {id} ({Describe(f.Work)}) was lost; cancelling it (another worker retries it)"));
                try
                {
                    await f.Cancellation.CancelAsync().ConfigureAwait(false);
                }
                catch (ObjectDisposedException)
                {
                }
            }
        }
    }

    private async Task ReapAsync(CancellationToken cancellationToken)
    {
        try
        {
            var n = await _work.RequeueExpiredAsync(_time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            if (n > 0)
            {
                Log(string.Create(CultureInfo.InvariantCulture, $"worker {Id}: re-queued {n} item(s) whose worker stopped renewing its lease"));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log($"worker {Id}: re-queueing expired leases failed ({ex.Message}); will retry");
        }
    }
}
