using Sluice.Data.Batches;

namespace Sluice.Data.Csv;

/// <summary>How to read a CSV file. Immutable; use <c>with</c> to derive variants.</summary>
public sealed record CsvReadOptions
{
    /// <summary>The field delimiter. The default is ','.</summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>The quote character. The default is '"'.</summary>
    public char Quote { get; init; } = '"';

    /// <summary>The escape character inside quoted fields, or null for RFC 4180 doubled quotes (<c>""</c>). The default is null.</summary>
    public char? Escape { get; init; }

    /// <summary>Whether the first record holds the column names. The default is true.</summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>
    /// Whether quoted fields may contain line breaks. The default is true. When false the reader may split the file
    /// at any LF (slightly faster), and a record that would span lines is quarantined as broken quoting.
    /// </summary>
    public bool AllowQuotedNewlines { get; init; } = true;

    /// <summary>
    /// What a quoted empty field (<c>""</c>) means for string columns: true = the empty string, false = null (missing).
    /// An unquoted zero-length field is always null. For non-string columns both are null. The default is true.
    /// </summary>
    public bool QuotedEmptyIsEmptyString { get; init; } = true;

    /// <summary>Types for some or all columns, by name (or by position when there is no header). Others are inferred.</summary>
    public Schema? Schema { get; init; }

    /// <summary>The columns to read, in output order (projection pushdown); null reads all columns in file order.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>
    /// Whether inference reads numbers with a fraction as float64 instead of an exact decimal(s) (pandas' and DuckDB's
    /// reading). The default is false (exact decimals up to 6 places).
    /// </summary>
    public bool InferDecimalsAsFloat { get; init; }

    /// <summary>How many records schema inference samples. The default is 1000.</summary>
    public int InferenceSampleRows { get; init; } = 1000;

    /// <summary>Whether low-cardinality string columns are dictionary-encoded. The default is true.</summary>
    public bool DictionaryEncodeStrings { get; init; } = true;

    /// <summary>Target bytes per parallel chunk (a batch holds the records of one chunk). The default is 4 MiB.</summary>
    public int ChunkSize { get; init; } = 4 << 20;

    /// <summary>How many chunks are parsed at once. The default is <see cref="Environment.ProcessorCount"/>.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>The longest raw text kept in a quarantine record, in characters. The default is 1024.</summary>
    public int MaxQuarantineTextLength { get; init; } = 1024;

    /// <summary>Gzip handling: null = detect by the <c>.gz</c> extension or the gzip magic bytes. The default is null.</summary>
    public bool? Gzip { get; init; }
}
