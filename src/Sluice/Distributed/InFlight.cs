namespace Sluice.Distributed;

/// <summary>A leased item this worker runs or has not committed yet; its lease is renewed by heartbeat.</summary>
internal sealed class InFlight(ClaimedWork work, CancellationToken stopping) : IDisposable
{
    private string? _cancelReason;

    public ClaimedWork Work { get; } = work;

    /// <summary>Cancelled when the worker stops past its grace period, when the lease is lost, or when the run is cancelled.</summary>
    public CancellationTokenSource Cancellation { get; } = CancellationTokenSource.CreateLinkedTokenSource(stopping);

    /// <summary>True once the attempt ended (its outcome waits for commit): a lease missing now is not a lost lease.</summary>
    public bool Finished { get; set; }

    /// <summary>Why the item's run is being cancelled, once the worker was told; null otherwise.</summary>
    public string? CancelReason => Volatile.Read(ref _cancelReason);

    /// <summary>Records that the run is being cancelled, then cancels the attempt; false when it was told before.</summary>
    public bool TryCancelRun(string reason)
    {
        if (Interlocked.CompareExchange(ref _cancelReason, reason, null) is not null)
        {
            return false;
        }
        try
        {
            Cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
        return true;
    }

    public void Dispose() => Cancellation.Dispose();
}
