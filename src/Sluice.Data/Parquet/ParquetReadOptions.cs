namespace Sluice.Data.Parquet;

/// <summary>How a Parquet file is read.</summary>
public sealed record ParquetReadOptions
{
    /// <summary>The columns to read, in this order (the others are never decoded). The default is all columns.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>The most rows per batch. The default is 65,536.</summary>
    public int BatchRows { get; init; } = 1 << 16;
}
