namespace Sluice.Distributed;

/// <summary>A task item this worker still held when it was released or checked.</summary>
/// <param name="Id">The item.</param>
/// <param name="CancelReason">Why its run is being cancelled, or null when it is not.</param>
public readonly record struct ReleasedWork(long Id, string? CancelReason);
