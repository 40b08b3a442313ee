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
    private int[]? _csvMap;

    public EventParser(Schema schema, string format, int batchSize)
    {
        _schema = schema;
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
            _csvMap = [.. CsvLine.Fields(line).Select(n => _schema.IndexOf(n))];
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
            _csvMap = [.. CsvLine.Fields(line).Select(n => _schema.IndexOf(n))];
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
