namespace Sluice.Retention;

/// <summary>
/// Records a store keeps for a while that are not owned by a run, deleted by age in batches by
/// <see cref="RetentionPurger"/> (quality history; lineage or checkpoints would join here). Records a run owns go with
/// the run instead (each store's list of run-owned tables).
/// </summary>
public interface IAgedRecords
{
    /// <summary>What the records are, for people (<c>quality history</c>).</summary>
    string Name { get; }

    /// <summary>How long the records are kept under <paramref name="options"/>.</summary>
    TimeSpan MaxAge(RetentionOptions options);

    /// <summary>Deletes up to <paramref name="limit"/> records older than <paramref name="cutoff"/>, oldest first, in one transaction; returns how many.</summary>
    Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken = default);
}
