namespace Sluice.Execution.Semantics;

/// <summary>How an attempt ended, the same for every engine.</summary>
internal enum AttemptEnd
{
    /// <summary>The action returned its outputs.</summary>
    Succeeded,

    /// <summary>The action failed (or timed out): the retry decision says whether it runs again.</summary>
    Failed,

    /// <summary>The engine stopped without a run cancel (a worker shutting down): nothing is recorded; the lease lapses and another worker retries.</summary>
    Abandoned,

    /// <summary>The run was cancelled while the attempt ran: recorded <c>cancelled</c>, never retried.</summary>
    Cancelled,
}
