using Sluice.Data.Batches;
using Sluice.Data.Json;

namespace Sluice.Streaming.Sources;

/// <summary>
/// Turns lines of events into column batches: NDJSON (keys matched to the declared columns, other keys ignored) or CSV
/// (the first line is the header). A line that does not parse is counted as rejected and skipped. Blank lines are not
/// events.
/// </summary>
internal sealed class EventParser
{
    private readonly RowBatchBuilder _builder;
    private readonly JsonObjectParser? _json;
    private readonly Schema _schema;
    private readonly int _batchSize;
    private int[]? _csvMap;

    public EventParser(Schema schema, string format, int batchSize)
    {
        _schema = schema;
        _batchSize = batchSize;
        _builder = new RowBatchBuilder(schema, batchSize, dictionaryEncodeStrings: false);
        _json = format == "csv" ? null : new JsonObjectParser([.. schema.Fields.Select(static f => f.Name)]);
    }

    /// <summary>Events in the batch being built.</summary>
    public int RowCount => _builder.RowCount;

    /// <summary>Lines rejected since the last <see cref="Build"/>.</summary>
    public int Rejected { get; private set; }

    /// <summary>True for a line without content (empty, a lone carriage return, spaces): heartbeats, not events.</summary>
    public static bool IsBlank(ReadOnlySpan<byte> line) => line.Trim(" \t\r"u8).IsEmpty;

    /// <summary>Adds one line (without its newline): a CSV header when none was read yet, else an event.</summary>
    public void Add(ReadOnlySpan<byte> line)
    {
        if (IsBlank(line))
        {
            return;
        }

        if (_json is null && _csvMap is null)
        {
            _csvMap = HeaderMap(_schema, line);
            return;
        }

        var error = _json is null ? CsvLine.Append(line, _csvMap!, _builder) : _json.Append(line, _builder);
        if (error is not null)
        {
            Rejected++;
        }
    }

    /// <summary>Passes over a line read before (a resumed source skipping what its checkpoint had read); a CSV header is still read.</summary>
    public void Skip(ReadOnlySpan<byte> line)
    {
        if (_json is null && _csvMap is null && !IsBlank(line))
        {
            _csvMap = HeaderMap(_schema, line);
        }
    }

    /// <summary>The CSV columns this parser reads (header field index → column, -1 to skip); null before a header was read.</summary>
    public int[]? CsvMap
    {
        get => _csvMap;
        set => _csvMap = value;
    }

    /// <summary>The column of each field of a CSV header line (-1 for fields the schema does not declare).</summary>
    public static int[] HeaderMap(Schema schema, ReadOnlySpan<byte> header) => [.. CsvLine.Fields(header).Select(schema.IndexOf)];

    /// <summary>
    /// Parses whole lines (each ending in a newline, except perhaps the last one of a file) into batches of at most the
    /// batch size, appended to <paramref name="parts"/>, each with the offset after its last line: <paramref name="start"/>
    /// (the offset of <paramref name="lines"/>) plus the bytes up to and including that line's newline. Lines that hold
    /// only rejected records still end a part, so their count is reported; blank lines do not.
    /// </summary>
    public void ParseLines(ReadOnlySpan<byte> lines, long start, List<ParsedBlock.Part> parts)
    {
        var at = 0;
        while (at < lines.Length)
        {
            var length = lines[at..].IndexOf((byte)'\n');
            var end = length < 0 ? lines.Length : at + length + 1;
            Add(lines[at..(length < 0 ? lines.Length : at + length)]);
            at = end;
            if (_builder.RowCount >= _batchSize)
            {
                parts.Add(new ParsedBlock.Part(_builder.Build(), Rejected, start + at));
                Rejected = 0;
            }
        }

        if (_builder.RowCount > 0 || Rejected > 0)
        {
            parts.Add(new ParsedBlock.Part(_builder.Build(), Rejected, start + at));
            Rejected = 0;
        }
    }

    /// <summary>The events added since the last call, from <paramref name="partition"/> (the caller owns the batch).</summary>
    public SourceBatch Build(string partition)
    {
        var batch = new SourceBatch(partition, _builder.Build(), Rejected);
        Rejected = 0;
        return batch;
    }
}
