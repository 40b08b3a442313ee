namespace Sluice.Streaming;

/// <summary>
/// The one rule both stores apply inside their lease transaction: live members sorted by name share the partitions
/// evenly (the first <c>P mod M</c> members take one more); a member keeps what it holds up to its share, gives up the
/// rest, and takes unowned or expired partitions up to its share. Every member computes the same shares from the same
/// rows, so the group converges within one heartbeat of each member after a member joins or dies.
/// </summary>
public static class PartitionBalance
{
    /// <summary>The member's assignment, and the partitions it acquires now.</summary>
    /// <param name="member">The member taking its turn.</param>
    /// <param name="partitions">Every partition of the source.</param>
    /// <param name="owners">The current lease of each leased partition: owner and expiry.</param>
    /// <param name="liveMembers">Members whose membership has not expired, <paramref name="member"/> included.</param>
    /// <param name="now">The member's clock.</param>
    public static (PartitionAssignment Assignment, IReadOnlyList<string> Acquired) Decide(
        string member, IReadOnlyList<string> partitions, IReadOnlyDictionary<string, (string? Owner, DateTimeOffset ExpiresAt)> owners, IReadOnlyCollection<string> liveMembers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        ArgumentNullException.ThrowIfNull(owners);
        ArgumentNullException.ThrowIfNull(liveMembers);
        var members = liveMembers.Append(member).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var index = members.IndexOf(member);
        var share = (partitions.Count / members.Count) + (index < partitions.Count % members.Count ? 1 : 0);
        var sorted = partitions.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        // What this member owns is still its own even past expiry as long as nobody took it over.
        var mine = sorted.Where(p => owners.TryGetValue(p, out var o) && o.Owner == member).ToList();
        var release = mine.Count > share ? mine.Skip(share).ToList() : [];
        var free = sorted.Where(p => !owners.TryGetValue(p, out var o) || o.Owner is null || (o.Owner != member && o.ExpiresAt <= now)).ToList();
        var acquired = free.Take(Math.Max(0, share - mine.Count)).ToList();
        var held = mine.Concat(acquired).Order(StringComparer.Ordinal).ToList();
        return (new PartitionAssignment(held, release, members.Count), acquired);
    }
}
