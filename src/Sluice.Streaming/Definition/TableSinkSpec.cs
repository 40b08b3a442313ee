namespace Sluice.Streaming.Definition;

/// <summary>
/// An exactly-once table sink, SQLite or PostgreSQL: each checkpoint's rows are inserted in one transaction with the
/// checkpoint's sequence in the database's <c>sluice_stream_epochs</c> table, so a replay never writes them twice.
/// </summary>
/// <param name="Table">The table (created when missing, with the stream's columns).</param>
/// <param name="Key">Upsert by these columns (a unique index is created); empty appends.</param>
public sealed record TableSinkSpec(string Table, IReadOnlyList<string> Key)
{
    /// <summary>The PostgreSQL connection string of a <c>postgres</c> sink; null for a SQLite table (the sink's path is the database file).</summary>
    public string? Connection { get; init; }
}
