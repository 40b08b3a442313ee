namespace Sluice.Distributed;

/// <summary>
/// An item that was told to stop (its run is being cancelled) whose worker then stopped renewing its lease:
/// taken out of the queue by <see cref="IWorkTransaction.TakeStrandedAsync"/> and recorded cancelled, never re-queued.
/// </summary>
/// <param name="Work">The item as it was claimed.</param>
/// <param name="CancelReason">Why the run is being cancelled.</param>
/// <param name="Owner">The worker that held it.</param>
/// <param name="StartedAt">When its attempt started, when known.</param>
public sealed record StrandedWork(ClaimedWork Work, string CancelReason, string? Owner, DateTimeOffset? StartedAt);
