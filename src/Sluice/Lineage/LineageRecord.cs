namespace Sluice.Lineage;

/// <summary>
/// One dataset a successful task attempt read or wrote: which one (<see cref="Dataset"/>: an absolute path, a URL or a
/// password-free table handle), its form, schema, rows and a fingerprint of its content, and for a written dataset where
/// each of its columns came from. Committed with the task's success, so only succeeded attempts have lineage.
/// </summary>
public sealed record LineageRecord
{
    /// <summary>The run.</summary>
    public required string RunId { get; init; }

    /// <summary>The task.</summary>
    public required string TaskId { get; init; }

    /// <summary>The item of a mapped task, or -1.</summary>
    public int MapIndex { get; init; } = -1;

    /// <summary>The attempt that succeeded.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>Whether the task read or wrote the dataset.</summary>
    public required LineageDirection Direction { get; init; }

    /// <summary>The dataset's identity: an absolute path, a URL, or a table handle without password.</summary>
    public required string Dataset { get; init; }

    /// <summary>csv, parquet, jsonl, postgres, http…</summary>
    public string Format { get; init; } = "";

    /// <summary><c>source</c> (input data), <c>artifact</c> (a run's intermediate dataset), <c>export</c> or <c>table</c>.</summary>
    public string Kind { get; init; } = "";

    /// <summary>Column names and types, in order; empty when not known.</summary>
    public IReadOnlyList<(string Name, string Type)> Schema { get; init; } = [];

    /// <summary>Rows, when known.</summary>
    public long? Rows { get; init; }

    /// <summary>
    /// <c>sha256:…</c> of a file's bytes (files up to 64 MiB), else <c>size:mtime</c>; null for tables and URLs, and for a
    /// read of an artifact (its writer's record holds it).
    /// </summary>
    public string? Fingerprint { get; init; }

    /// <summary>For a written dataset: per output column, the input columns it was computed from and how.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ColumnOrigin>> Columns { get; init; } = new Dictionary<string, IReadOnlyList<ColumnOrigin>>();

    /// <summary>When the attempt ended.</summary>
    public DateTimeOffset RecordedAt { get; init; }
}
