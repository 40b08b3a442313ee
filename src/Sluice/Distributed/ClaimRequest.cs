namespace Sluice.Distributed;

/// <summary>What a worker asks of <see cref="IWorkStore.ClaimAsync"/>.</summary>
/// <param name="Owner">The worker's id (<c>host:pid:nonce</c>), recorded as the lease owner.</param>
/// <param name="Max">At most this many items.</param>
/// <param name="Now">The current time: items with a later <c>available_at</c> (retry delay) are left alone.</param>
/// <param name="LeaseDuration">How long the lease lasts unless renewed.</param>
/// <param name="Queues">Only these queues; null for every shared queue.</param>
/// <param name="ExcludedQueues">Never these queues (saturated per-queue limits); null for none.</param>
/// <param name="LocalQueue">A process-private queue (in-process delegates) served as well, or null.</param>
/// <param name="JobNames">Queue jobs are claimed only when a handler of their name is here; empty for no jobs (except the local queue's).</param>
/// <param name="Only">Only the items of this run's task (<c>sluice task run</c>), whatever their queue; null for any.</param>
public sealed record ClaimRequest(
    string Owner,
    int Max,
    DateTimeOffset Now,
    TimeSpan LeaseDuration,
    IReadOnlyList<string>? Queues = null,
    IReadOnlyList<string>? ExcludedQueues = null,
    string? LocalQueue = null,
    IReadOnlyList<string>? JobNames = null,
    TaskSelector? Only = null)
{
    /// <summary>Queue names starting with this prefix are private to one process and never claimed by "every queue".</summary>
    public const string LocalQueuePrefix = "local:";
}
