namespace Sluice.Streaming.Definition;

/// <summary>
/// An exactly-once CSV file sink: rows are staged per checkpoint and published when the checkpoint commits; a bounded
/// stream ends by writing <paramref name="Path"/> from the published parts in one atomic rename.
/// </summary>
/// <param name="Path">The final CSV file (empty for a <c>nats</c> sink).</param>
/// <param name="Columns">The columns written, in order; null writes every column of the stream.</param>
/// <param name="Sort">Sort the final file ascending by all columns, left to right (numbers numerically).</param>
public sealed record SinkSpec(string Path, IReadOnlyList<string>? Columns, bool Sort)
{
    /// <summary>Where a <c>nats</c> sink publishes (then <see cref="Path"/> is empty); null for a file sink.</summary>
    public JetStreamSinkSpec? JetStream { get; init; }
}
