namespace Sluice.Streaming;

/// <summary>What a member of a partition lease group holds after its turn (<see cref="CheckpointStore.BalanceLeasesAsync"/>).</summary>
/// <param name="Held">The partitions it holds a lease on now (renewed or newly acquired), in order; read them.</param>
/// <param name="ToRelease">
/// Partitions among <paramref name="Held"/> over its fair share (a member joined): stop reading them, then give them up
/// with <see cref="CheckpointStore.ReleaseLeasesAsync"/> so another member takes them over from their last checkpoint.
/// </param>
/// <param name="LiveMembers">Members whose membership has not expired, this one included.</param>
public sealed record PartitionAssignment(IReadOnlyList<string> Held, IReadOnlyList<string> ToRelease, int LiveMembers);
