using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sluice.Data.Quarantine;

namespace Sluice.DataActions.Quality;

/// <summary>A quarantine sink that appends one JSON object per record (source, line, reason, raw) to a file, created on first use.</summary>
internal sealed class JsonLinesQuarantine(string path) : IQuarantineSink, IAsyncDisposable
{
    // Readable reasons ('value' rather than \u0027value\u0027); the file is data, never embedded in HTML.
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Lock _lock = new();
    private StreamWriter? _writer;

    public long Count { get; private set; }

    public void Add(QuarantineRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var line = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["source"] = record.Source,
            ["line"] = record.Line,
            ["reason"] = record.Reason,
            ["raw"] = record.RawText,
        }, Options);
        lock (_lock)
        {
            if (_writer is null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                _writer = new StreamWriter(path, append: true, new UTF8Encoding(false));
            }

            _writer.WriteLine(line);
            Count++;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
