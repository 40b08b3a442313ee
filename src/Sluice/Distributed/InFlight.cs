namespace Sluice.Distributed;

/// <summary>A leased item this worker runs or has not committed yet; its lease is renewed by heartbeat.</summary>
internal sealed class InFlight(ClaimedWork work, CancellationToken stopping) : IDisposable
{
    public ClaimedWork Work { get; } = work;

    /// <summary>Cancelled when the worker stops past its grace period, or when the lease is lost.</summary>
    public CancellationTokenSource Cancellation { get; } = CancellationTokenSource.CreateLinkedTokenSource(stopping);

    /// <summary>True once the attempt ended (its outcome waits for commit): a lease missing now is not a lost lease.</summary>
    public bool Finished { get; set; }

    public void Dispose() => Cancellation.Dispose();
}
