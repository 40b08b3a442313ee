namespace Sluice.Execution;

internal enum SignalKind
{
    Succeeded,
    Failed,
    RetryDue,
    CancelRun,
    LeaseLost,
    SlotFreed,
    PoolFreed,
}
