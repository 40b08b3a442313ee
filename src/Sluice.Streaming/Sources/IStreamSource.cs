namespace Sluice.Streaming.Sources;

/// <summary>
/// A source of events that can be checkpointed and replayed. A source has one or more partitions (a file has one; a
/// Kafka topic or a JetStream stream has many), each read in order with its own offset. <see cref="Offsets"/> after a
/// batch is where reading resumes after that batch; a resumed task passes the checkpointed offsets to
/// <see cref="Seek"/> before the first read, so every event after the checkpoint is read again exactly once.
/// A source that holds what it delivered upstream until it is safe to let go (a JetStream consumer's acknowledgements,
/// a replication slot's confirmed flush position) releases it in <see cref="CommitAsync"/>, after the checkpoint that
/// holds those offsets is in the store — never before, so a crash always finds the events after the checkpoint still
/// there to replay. Not thread-safe: one reader.
/// </summary>
public interface IStreamSource : IAsyncDisposable
{
    /// <summary>The partitions known so far (a partitioned log may add some as it is read).</summary>
    IReadOnlyList<string> Partitions { get; }

    /// <summary>The offset of each partition after the last batch read, as text the source can <see cref="Seek"/> to.</summary>
    IReadOnlyDictionary<string, string> Offsets { get; }

    /// <summary>Positions every partition at a checkpointed offset; call before the first read.</summary>
    /// <exception cref="Diagnostics.SluiceException">An offset does not belong to this source (a different file).</exception>
    void Seek(IReadOnlyDictionary<string, string> offsets);

    /// <summary>
    /// The next batch of events, an empty batch when an unbounded source has nothing new for a while (so the caller can
    /// checkpoint and notice idleness), or null when a bounded source has ended.
    /// </summary>
    ValueTask<SourceBatch?> ReadAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The checkpoint holding <paramref name="offsets"/> (a value of <see cref="Offsets"/>) is committed: upstream may
    /// forget everything up to them. Sources that cannot be replayed or keep nothing upstream do nothing.
    /// </summary>
    /// <param name="offsets">The committed offsets, partition → offset.</param>
    /// <param name="cancellationToken">Cancels the acknowledgement; it is sent again with the next checkpoint.</param>
    ValueTask CommitAsync(IReadOnlyDictionary<string, string> offsets, CancellationToken cancellationToken = default);
}
