namespace Sluice.Data.Parquet;

/// <summary>How the pages of a Parquet file are compressed.</summary>
public enum ParquetCompression
{
    /// <summary>No compression.</summary>
    Uncompressed,

    /// <summary>Snappy: fast, moderate ratio; what most engines write by default.</summary>
    Snappy,

    /// <summary>Gzip (deflate): slower, smaller files.</summary>
    Gzip,

    /// <summary>Zstandard: about as fast as Snappy to read, files close to gzip's size; what DuckDB and Spark users often choose.</summary>
    Zstd,
}
