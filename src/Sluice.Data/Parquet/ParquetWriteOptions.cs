namespace Sluice.Data.Parquet;

/// <summary>How a Parquet file is written. The defaults suit files read by DuckDB, Spark, pandas and Sluice alike.</summary>
public sealed record ParquetWriteOptions
{
    /// <summary>Page compression. The default is <see cref="ParquetCompression.Snappy"/>.</summary>
    public ParquetCompression Compression { get; init; } = ParquetCompression.Snappy;

    /// <summary>The most rows a row group holds. The default is 1,048,576.</summary>
    public int RowGroupRows { get; init; } = 1 << 20;

    /// <summary>
    /// A row group is closed once the column data written into it reaches this many bytes, counted as Arrow buffers before
    /// encoding (the writer holds the group in memory until then). The default is 128 MiB.
    /// </summary>
    public long RowGroupBytes { get; init; } = 128L << 20;

    /// <summary>A data page is closed once its encoded values reach this many bytes. The default is 1 MiB.</summary>
    public int PageBytes { get; init; } = 1 << 20;

    /// <summary>
    /// How many rows the writer adds to a page between checks of <see cref="PageBytes"/> (at most 1,024); a page closes at
    /// the first check past the byte limit. The default is 65,536.
    /// </summary>
    public int PageRows { get; init; } = 1 << 16;

    /// <summary>
    /// Zero turns dictionary encoding off; any other value leaves it on, bounded by <see cref="DictionaryMaxBytes"/> (the
    /// writer bounds a dictionary by its size, not its count of values). The default is 4,096.
    /// </summary>
    public int DictionaryMaxEntries { get; init; } = 4096;

    /// <summary>
    /// A string column chunk is dictionary-encoded until its dictionary page would exceed this many bytes; the rest of the
    /// chunk is then written PLAIN. Zero turns dictionary encoding off. The default is 1 MiB.
    /// </summary>
    public int DictionaryMaxBytes { get; init; } = 1 << 20;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A limit is not positive.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (RowGroupRows < 1)
        {
            errors.Add($"RowGroupRows must be at least 1, was {RowGroupRows}");
        }

        if (RowGroupBytes < 1)
        {
            errors.Add($"RowGroupBytes must be at least 1, was {RowGroupBytes}");
        }

        if (PageBytes < 1)
        {
            errors.Add($"PageBytes must be at least 1, was {PageBytes}");
        }

        if (PageRows < 1)
        {
            errors.Add($"PageRows must be at least 1, was {PageRows}");
        }

        if (DictionaryMaxEntries < 0 || DictionaryMaxBytes < 0)
        {
            errors.Add($"DictionaryMaxEntries and DictionaryMaxBytes must not be negative, were {DictionaryMaxEntries} and {DictionaryMaxBytes}");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors) + ".");
        }
    }
}
