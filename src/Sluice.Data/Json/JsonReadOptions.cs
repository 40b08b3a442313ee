using Sluice.Data.Batches;

namespace Sluice.Data.Json;

/// <summary>How to read JSON or JSON Lines. Immutable.</summary>
public sealed record JsonReadOptions
{
    /// <summary>Types for some or all keys. Others are inferred from a sample.</summary>
    public Schema? Schema { get; init; }

    /// <summary>The keys to read, in output order; null reads every key seen in the sample, in first-seen order.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>How many records schema inference samples. The default is 1000.</summary>
    public int InferenceSampleRows { get; init; } = 1000;

    /// <summary>Rows per batch. The default is 65536.</summary>
    public int BatchRows { get; init; } = 65536;

    /// <summary>The longest raw text kept in a quarantine record, in characters. The default is 1024.</summary>
    public int MaxQuarantineTextLength { get; init; } = 1024;

    /// <summary>Gzip handling: null = detect by the <c>.gz</c> extension or the gzip magic bytes. The default is null.</summary>
    public bool? Gzip { get; init; }
}
