namespace Sluice.Streaming.Definition;

/// <summary>
/// An exactly-once CSV file sink: rows are staged per checkpoint and published when the checkpoint commits; a bounded
/// stream ends by writing <paramref name="Path"/> from the published parts in one atomic rename.
/// </summary>
/// <param name="Path">The final CSV file, the SQLite database of a table sink, or empty for a <c>nats</c> or <c>postgres</c> sink.</param>
/// <param name="Columns">The columns written, in order; null writes every column of the stream.</param>
/// <param name="Sort">Sort the final file ascending by all columns, left to right (numbers numerically).</param>
/// <param name="Table">The table of a SQLite or PostgreSQL table sink, or null for a CSV file.</param>
/// <param name="MaxRowsPerSecond">Rows per second of processing time the sink accepts at most (0: no limit); a faster stream waits, and so does its source.</param>
public sealed record SinkSpec(string Path, IReadOnlyList<string>? Columns, bool Sort, TableSinkSpec? Table = null, long MaxRowsPerSecond = 0)
{
    /// <summary>Where a <c>nats</c> sink publishes (then <see cref="Path"/> is empty); null for a file or table sink.</summary>
    public JetStreamSinkSpec? JetStream { get; init; }

    /// <summary>True when <see cref="Path"/> names a local file (a CSV file or a SQLite database), false for sinks on a server.</summary>
    public bool IsLocal => JetStream is null && Table?.Connection is null;
}
