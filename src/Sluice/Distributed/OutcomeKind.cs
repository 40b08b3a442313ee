namespace Sluice.Distributed;

/// <summary>How an attempt run by a worker ended.</summary>
internal enum OutcomeKind
{
    Succeeded,
    Failed,
    /// <summary>The worker is stopping or lost the lease: nothing is recorded; the lease lapses and another worker retries.</summary>
    Abandoned,
    /// <summary>The run was cancelled while the attempt ran: recorded <c>cancelled</c>, never retried.</summary>
    Cancelled,
}
