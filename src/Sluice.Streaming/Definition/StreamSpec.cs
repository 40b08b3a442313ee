namespace Sluice.Streaming.Definition;

/// <summary>A streaming task's whole definition, read from the <c>stream</c> action's parameters (immutable).</summary>
/// <param name="Source">The source.</param>
/// <param name="Columns">The event columns and their types (name → type as in dataset schemas).</param>
/// <param name="Time">Event time and watermarks.</param>
/// <param name="Before">Steps before the window: stateless ones (filter, derive, select, rename, cast) as written, stateful ones (dedupe, enrich, anomaly) as their specs (<see cref="DedupeSpec"/>, …).</param>
/// <param name="Window">The window step, or null for a stateless stream.</param>
/// <param name="After">Steps applied to what the window (or the join or pattern in its place) emits, in the same form.</param>
/// <param name="Sink">Where results go.</param>
/// <param name="LateSink">Where events too late for every window go (besides being counted), or null.</param>
/// <param name="CheckpointInterval">Milliseconds of processing time between checkpoints.</param>
/// <param name="CheckpointKeep">How many of the task's newest checkpoints the store keeps. The default is 3.</param>
/// <param name="Parallelism">Partitions of the window's state, each fed and fired on its own core. The default is 1.</param>
public sealed record StreamSpec(
    SourceSpec Source,
    IReadOnlyList<KeyValuePair<string, string>> Columns,
    EventTimeSpec Time,
    IReadOnlyList<KeyValuePair<string, object?>> Before,
    WindowSpec? Window,
    IReadOnlyList<KeyValuePair<string, object?>> After,
    SinkSpec Sink,
    SinkSpec? LateSink,
    long CheckpointInterval,
    int CheckpointKeep = 3,
    int Parallelism = 1)
{
    /// <summary>The stream–stream join step, in the window's place (a stream has at most one window, join or pattern); null when there is none.</summary>
    public JoinSpec? Join { get; init; }

    /// <summary>The sequence pattern step, in the window's place; null when there is none.</summary>
    public PatternSpec? Pattern { get; init; }

    /// <summary>
    /// The stream of one partition of a partitioned source: <c>{partition}</c> replaced in the source's path or subject
    /// and the file sinks' paths, and the JetStream durable named per partition.
    /// </summary>
    /// <param name="partition">One of <see cref="SourceSpec.Partitions"/>.</param>
    public StreamSpec ForPartition(string partition)
    {
        string Name(string text) => text.Replace(SourceSpec.PartitionPlaceholder, partition, StringComparison.Ordinal);
        var source = Source with
        {
            Path = Name(Source.Path),
            Partitions = null,
            JetStream = Source.JetStream is { } js ? js with { Subject = js.Subject is { } s ? Name(s) : null, Consumer = $"{js.Consumer}_{partition}" } : null,
        };
        return this with
        {
            Source = source,
            Sink = Sink.IsLocal && Sink.Table is null ? Sink with { Path = Name(Sink.Path) } : Sink,
            LateSink = LateSink is { } late ? late with { Path = Name(late.Path) } : null,
        };
    }
}
