namespace Sluice.Data.Csv;

/// <summary>How to write CSV. The defaults give RFC 4180 with LF line ends, no BOM and minimal quoting.</summary>
public sealed record CsvWriteOptions
{
    /// <summary>The field delimiter. The default is ','.</summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>Whether to write a header row. The default is true.</summary>
    public bool Header { get; init; } = true;

    /// <summary>
    /// Whether an empty string is written as <c>""</c> so that it reads back as the empty string, not as null
    /// (nulls are always written as nothing). The default is true.
    /// </summary>
    public bool QuoteEmptyStrings { get; init; } = true;
}
