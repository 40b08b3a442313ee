using System.Globalization;

namespace Sluice.Distributed;

public sealed partial class DistributedWorker
{
    /// <summary>
    /// Renews the leases of every item in flight (one statement) a few times per lease period, and now and
    /// then re-queues the items of workers that stopped renewing theirs. A lease found lost (expired while this
    /// worker was cut off, and re-queued) cancels its attempt: another worker owns the item now. An item whose
    /// run is being cancelled has its attempt cancelled too; a cancel notice (NOTIFY on PostgreSQL, or a cancel
    /// in this process) triggers that check at once, and stores without notices are checked every poll interval.
    /// </summary>
    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromTicks(Math.Max(_options.LeaseDuration.Ticks / 3, TimeSpan.TicksPerMillisecond * 50));
        var notices = _work as ICancelNotifications;
        var check = notices is null && _options.PollInterval < interval ? _options.PollInterval : interval;
        var lastReap = _time.GetTimestamp();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await WaitForBeatAsync(check, notices, cancellationToken).ConfigureAwait(false);
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

    private async Task WaitForBeatAsync(TimeSpan check, ICancelNotifications? notices, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(check, _time, cts.Token);
        var local = CancelNotices.Next(_work);
        // Listened to even with nothing in flight: an item claimed during this wait must still hear its run's cancel.
        var remote = notices is not null ? notices.WaitForCancelAsync(check, cts.Token) : delay;
        await Task.WhenAny(delay, local, remote).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
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
        var missing = new List<InFlight>();
        foreach (var id in ids)
        {
            // An id may have been committed (and removed) since the snapshot; only live ones count.
            if (!kept.Contains(id) && _inflight.TryGetValue(id, out var f) && !f.Finished)
            {
                missing.Add(f);
            }
        }
        if (missing.Count > 0)
        {
            await StopMissingAsync(missing, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Items not renewed were either told to stop (their run is being cancelled) or lost: both end their attempt.</summary>
    private async Task StopMissingAsync(List<InFlight> missing, CancellationToken cancellationToken)
    {
        IReadOnlyList<ReleasedWork> stopping;
        try
        {
            var ids = missing.ConvertAll(static f => f.Work.Id);
            stopping = await _work.InTransactionAsync((ids, Id), static (tx, s, ct) => tx.GetStoppingAsync(s.Id, s.ids, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log($"worker {Id}: checking items for cancellation failed ({ex.Message}); will retry");
            return;
        }
        var reasons = stopping.ToDictionary(static s => s.Id, static s => StopReason.Text(s.CancelReason!));
        foreach (var f in missing)
        {
            if (reasons.TryGetValue(f.Work.Id, out var reason))
            {
                if (f.TryCancelRun(reason))
                {
                    Log(string.Create(CultureInfo.InvariantCulture, $"worker {Id}: run {f.Work.RunId} is being cancelled ({reason}); stopping item {f.Work.Id} ({Describe(f.Work)})"));
                }
                continue;
            }
            Log(string.Create(CultureInfo.InvariantCulture, $"worker {Id}: lease of item {f.Work.Id} ({Describe(f.Work)}) was lost; cancelling it (another worker retries it)"));
            try
            {
                await f.Cancellation.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
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
            await ReapStrandedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log($"worker {Id}: re-queueing expired leases failed ({ex.Message}); will retry");
        }
    }

    /// <summary>Records as cancelled the items of cancelled runs whose worker died while stopping them (never re-queued).</summary>
    private async Task ReapStrandedAsync(CancellationToken cancellationToken)
    {
        var (advancer, n) = await _work.InTransactionAsync(this, static async (tx, w, ct) =>
        {
            var a = new DagAdvancer(tx, w._options, w._time.GetUtcNow());
            var taken = await a.ReapStrandedAsync(null, id => w._runs.GetAsync(id, ct), ct).ConfigureAwait(false);
            return (a, taken);
        }, cancellationToken).ConfigureAwait(false);
        if (n > 0)
        {
            Log(string.Create(CultureInfo.InvariantCulture, $"worker {Id}: recorded {n} item(s) of cancelled runs as cancelled (their worker stopped renewing its lease)"));
            Absorb(advancer);
        }
    }
}
