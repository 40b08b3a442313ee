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
/// <param name="PoolLimits">
/// Store-wide limits: at most this many items of the queue (a task's pool) leased at once by every worker together; null
/// for none. A lease that expired (its worker died) no longer counts.
/// </param>
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
    IReadOnlyDictionary<string, int>? PoolLimits = null,
    TaskSelector? Only = null)
{
    /// <summary>Queue names starting with this prefix are private to one process and never claimed by "every queue".</summary>
    public const string LocalQueuePrefix = "local:";

    /// <summary>
    /// Divides this request by its <see cref="PoolLimits"/>, given the items of each limited queue leased now: one request
    /// per limited queue served here with free slots (at most its free slots), then one for every other queue. A store
    /// runs them in order in one serialized transaction, each with what is left of <see cref="Max"/>.
    /// </summary>
    public IReadOnlyList<ClaimRequest> WithinPools(IReadOnlyDictionary<string, int> leased)
    {
        ArgumentNullException.ThrowIfNull(leased);
        if (PoolLimits is not { Count: > 0 } limits)
        {
            return [this];
        }
        var parts = new List<ClaimRequest>();
        foreach (var (pool, limit) in limits.OrderBy(static p => p.Key, StringComparer.Ordinal))
        {
            var free = limit - leased.GetValueOrDefault(pool);
            if (free > 0 && Serves(pool))
            {
                parts.Add(this with { Max = Math.Min(free, Max), Queues = [pool], ExcludedQueues = null, LocalQueue = null, PoolLimits = null });
            }
        }
        parts.Add(this with { ExcludedQueues = [.. ExcludedQueues ?? [], .. limits.Keys], PoolLimits = null });
        return parts;
    }

    private bool Serves(string queue) =>
        (ExcludedQueues is null || !ExcludedQueues.Contains(queue, StringComparer.Ordinal))
        && (queue == LocalQueue || (Queues is null ? !queue.StartsWith(LocalQueuePrefix, StringComparison.Ordinal) : Queues.Contains(queue, StringComparer.Ordinal)));
}
