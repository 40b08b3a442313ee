using Sluice.Data.Parquet;

namespace Sluice.DataActions.IO;

/// <summary>How a target is written.</summary>
public sealed record WriteSettings
{
    /// <summary>CSV delimiter. The default is ','.</summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>Whether CSV gets a header row. The default is true.</summary>
    public bool Header { get; init; } = true;

    /// <summary>Page compression of Parquet targets. The default is Snappy.</summary>
    public ParquetCompression Compression { get; init; } = ParquetCompression.Snappy;

    /// <summary>The SQLite table; required for sqlite targets.</summary>
    public string? Table { get; init; }

    /// <summary>Columns whose values name the folders <c>key=value/</c> of a partitioned write; empty for one file. The default is none.</summary>
    public IReadOnlyList<string> PartitionBy { get; init; } = [];
}
