using System.Text.Json;
using Sluice.Data.Quarantine;

namespace Sluice.DataActions.IO;

/// <summary>
/// A quarantine that appends each record as one JSON line <c>{"file","line","reason","raw"}</c> to a file (created
/// on the first record, so a clean run leaves none) and counts them. Thread-safe. Dispose it to flush.
/// </summary>
public sealed class QuarantineFile : IQuarantineSink, IDisposable
{
    private readonly Lock _lock = new();
    private FileStream? _stream;
    private Utf8JsonWriter? _writer;
    private long _count;

    /// <summary>Creates a sink writing to <paramref name="path"/>.</summary>
    public QuarantineFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The file (it exists only once a record arrived).</summary>
    public string Path { get; }

    /// <summary>Records received.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <inheritdoc />
    public void Add(QuarantineRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_lock)
        {
            if (_stream is null)
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
                _stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16);
                _writer = new Utf8JsonWriter(_stream);
            }

            var w = _writer!;
            w.WriteStartObject();
            w.WriteString("file", record.Source);
            w.WriteNumber("line", record.Line);
            w.WriteString("reason", record.Reason);
            w.WriteString("raw", record.RawText);
            w.WriteEndObject();
            w.Flush();
            w.Reset();
            _stream.WriteByte((byte)'\n');
            _count++;
        }
    }

    /// <summary>Flushes and closes the file.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _writer?.Dispose();
            _stream?.Dispose();
            _writer = null;
            _stream = null;
        }
    }
}
