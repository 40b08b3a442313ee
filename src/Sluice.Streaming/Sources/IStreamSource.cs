namespace Sluice.Streaming.Sources;

/// <summary>
/// A source of events that can be checkpointed and replayed. A source has one or more partitions (a file has one; a
/// Kafka topic or a JetStream stream has many), each read in order with its own offset. <see cref="Offsets"/> after a
/// batch is where reading resumes after that batch; a resumed task passes the checkpointed offsets to
/// <see cref="Seek"/> before the first read, so every event after the checkpoint is read again exactly once.
/// Not thread-safe: one reader.
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
}
