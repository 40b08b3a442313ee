namespace Sluice.Streaming;

/// <summary>
/// One member's turn in leasing the partitions of a streaming task's partitioned source: who asks, for which task
/// instance and partitions, for how long, at what time. See <see cref="CheckpointStore.BalanceLeasesAsync"/>.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="TaskId">The streaming task.</param>
/// <param name="MapIndex">The item of a <c>for_each</c> task, or -1.</param>
/// <param name="Member">The member asking: one per process taking part (such as a <c>sluice worker</c>'s id).</param>
/// <param name="Partitions">Every partition of the source.</param>
/// <param name="Duration">How long the membership and the leases last unless renewed by the next turn (heartbeat at a third of it).</param>
/// <param name="Now">The member's clock.</param>
public sealed record PartitionLeaseRequest(string RunId, string TaskId, int MapIndex, string Member, IReadOnlyList<string> Partitions, TimeSpan Duration, DateTimeOffset Now);
