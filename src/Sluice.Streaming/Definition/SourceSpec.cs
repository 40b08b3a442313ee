namespace Sluice.Streaming.Definition;

/// <summary>Where a stream's events come from.</summary>
/// <param name="Path">The file (<see cref="Type"/> <c>file</c>); empty for other sources.</param>
/// <param name="Format"><c>ndjson</c> (one JSON object per line) or <c>csv</c> (a header line first).</param>
/// <param name="Follow">Keep reading as the file grows (and across rotation) instead of ending at its end.</param>
/// <param name="PollInterval">How often a followed file is checked for new lines, in milliseconds; for other sources, how long a read waits for events before it returns an empty batch.</param>
/// <param name="MaxEventsPerSecond">Reads no faster than this (0: unlimited); for replays at a fixed rate.</param>
/// <param name="BatchSize">Events per batch.</param>
public sealed record SourceSpec(string Path, string Format, bool Follow, long PollInterval, long MaxEventsPerSecond, int BatchSize)
{
    /// <summary>The kind of source: <c>file</c>, <c>stdin</c>, <c>http</c>, <c>websocket</c>, <c>nats</c> or <c>postgres_cdc</c>. The default is <c>file</c>.</summary>
    public string Type { get; init; } = "file";

    /// <summary>The endpoint of an <c>http</c> or <c>websocket</c> source; null for others.</summary>
    public NetworkSourceSpec? Network { get; init; }

    /// <summary>The stream and durable consumer of a <c>nats</c> source; null for others.</summary>
    public JetStreamSourceSpec? JetStream { get; init; }

    /// <summary>The database, slot and publication of a <c>postgres_cdc</c> source; null for others.</summary>
    public CdcSourceSpec? Cdc { get; init; }

    /// <summary>What names a partition in a partitioned source's path or subject (and a file sink's path).</summary>
    public const string PartitionPlaceholder = "{partition}";

    /// <summary>
    /// The partitions of a partitioned source (<c>partitions: N</c> names them 0 to N−1), each read, checkpointed and
    /// leased on its own; null for an unpartitioned source.
    /// </summary>
    public IReadOnlyList<string>? Partitions { get; init; }

    /// <summary>How long a partition's lease lasts unless its holder renews it (every third of it), in milliseconds. The default is 15 s.</summary>
    public long LeaseMillis { get; init; } = 15_000;
}
