namespace Sluice.Streaming.Definition;

/// <summary>
/// A stream–table join: each event looks up the reference row with the same key and gains its columns. The reference
/// data is a dataset (a file, an upstream batch task's output, or a database table), reloaded every
/// <paramref name="Refresh"/>; one row per key (with duplicates the last one read wins).
/// </summary>
/// <param name="With">The dataset as written (path, map or upstream handle), resolved when the task runs.</param>
/// <param name="On">Stream column → reference column, the join key.</param>
/// <param name="Columns">The reference columns added (null: every column that is not a key).</param>
/// <param name="Inner">True drops events without a match; false (left) keeps them with nulls.</param>
/// <param name="Refresh">Milliseconds of processing time between reloads; 0 loads once.</param>
public sealed record EnrichSpec(object? With, IReadOnlyList<KeyValuePair<string, string>> On, IReadOnlyList<string>? Columns, bool Inner, long Refresh);
