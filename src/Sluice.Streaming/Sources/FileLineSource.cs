using System.Globalization;
using Sluice.Data.Batches;
using Sluice.Data.Json;
using Sluice.Diagnostics;

namespace Sluice.Streaming.Sources;

/// <summary>
/// Events from a file of lines: NDJSON (one object per line, keys matched to the declared columns) or CSV (a header
/// line, then one record per line). The offset is the byte position after the last line read plus the file's
/// fingerprint. Bounded by default (ends at the end of the file; a last line without a newline counts); with
/// <c>follow</c> it waits for new lines and, when the path names a new file (rotation by rename, or truncation), drains
/// the old one and continues at the start of the new one. Single partition <c>"0"</c>.
/// </summary>
internal sealed class FileLineSource : IStreamSource
{
    private const string Partition = "0";
    private readonly string _path;
    private readonly bool _csv;
    private readonly bool _follow;
    private readonly TimeSpan _poll;
    private readonly TimeProvider _time;
    private readonly int _batchSize;
    private readonly Pacer _pacer;
    private readonly RowBatchBuilder _builder;
    private readonly JsonObjectParser? _json;
    private readonly Schema _schema;
    private int[]? _csvMap;
    private FileStream? _file;
    private FileFingerprint? _fingerprint;
    private byte[] _buffer = new byte[1 << 20];
    private int _start;
    private int _end;
    private long _position; // file offset of _buffer[_start]
    private bool _eof;

    public FileLineSource(string path, string format, bool follow, TimeSpan poll, Schema schema, int batchSize, long maxEventsPerSecond, TimeProvider time)
    {
        _path = path;
        _csv = format == "csv";
        _follow = follow;
        _poll = poll;
        _time = time;
        _schema = schema;
        _batchSize = batchSize;
        _pacer = new Pacer(maxEventsPerSecond, time);
        _builder = new RowBatchBuilder(schema, batchSize, dictionaryEncodeStrings: false);
        _json = _csv ? null : new JsonObjectParser([.. schema.Fields.Select(static f => f.Name)]);
    }

    public IReadOnlyList<string> Partitions => [Partition];

    public IReadOnlyDictionary<string, string> Offsets => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Partition] = _fingerprint is { } f
            ? string.Create(CultureInfo.InvariantCulture, $"{_position}:{f.Length}:{f.Hash:x16}")
            : string.Create(CultureInfo.InvariantCulture, $"{_position}"),
    };

    public void Seek(IReadOnlyDictionary<string, string> offsets)
    {
        if (!offsets.TryGetValue(Partition, out var text))
        {
            return;
        }

        var parts = text.Split(':');
        _position = long.Parse(parts[0], CultureInfo.InvariantCulture);
        if (parts.Length == 3)
        {
            _fingerprint = new FileFingerprint(int.Parse(parts[1], CultureInfo.InvariantCulture), ulong.Parse(parts[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        }
    }

    public async ValueTask<SourceBatch?> ReadAsync(CancellationToken cancellationToken = default)
    {
        Open();
        var rejected = 0;
        while (_builder.RowCount < _batchSize)
        {
            var line = NextLine();
            if (line.IsEmpty && _start == _end && _eof)
            {
                if (_builder.RowCount > 0 || rejected > 0)
                {
                    break;
                }

                if (!_follow)
                {
                    return null;
                }

                if (Rotated())
                {
                    continue;
                }

                await Task.Delay(_poll, _time, cancellationToken).ConfigureAwait(false);
                _eof = false;
                return new SourceBatch(Partition, _builder.Build(), 0);
            }

            if (line.Length == 0 || (line.Length == 1 && line[0] == (byte)'\r'))
            {
                continue;
            }

            if (_csv && _csvMap is null)
            {
                Header(line);
                continue;
            }

            var error = _csv ? CsvLine.Append(line, _csvMap!, _builder) : _json!.Append(line, _builder);
            if (error is not null)
            {
                rejected++;
            }
        }

        var batch = _builder.Build();
        await _pacer.PaceAsync(batch.RowCount, cancellationToken).ConfigureAwait(false);
        return new SourceBatch(Partition, batch, rejected);
    }

    /// <summary>The next complete line (without its newline); empty when none is buffered and the file has no more for now.</summary>
    private ReadOnlySpan<byte> NextLine()
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = _buffer.AsSpan(_start, newline);
                _start += newline + 1;
                _position += newline + 1;
                return line;
            }

            if (_eof)
            {
                // A bounded file's last line may lack its newline; a followed file's partial line waits for the rest.
                if (!_follow && _end > _start)
                {
                    var line = _buffer.AsSpan(_start, _end - _start);
                    _position += _end - _start;
                    _start = _end;
                    return line;
                }

                return default;
            }

            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var n = _file!.Read(_buffer, _end, _buffer.Length - _end);
        _end += n;
        _eof = n == 0;
        if (_fingerprint is null && _file.Length > 0)
        {
            // A prefix of a growing file stays its prefix: fingerprint what is there now, up to the maximum.
            _fingerprint = FileFingerprint.Read(_file, (int)Math.Min(_file.Length, FileFingerprint.MaxLength));
        }
    }

    private void Open()
    {
        if (_file is not null)
        {
            return;
        }

        try
        {
            _file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            throw new SluiceException($"The stream's source file '{_path}' does not exist; check source.path.");
        }

        if (_csv)
        {
            ReadHeaderFromStart();
        }

        if (_position > 0)
        {
            if (_fingerprint is { } expected && FileFingerprint.Read(_file, expected.Length) != expected)
            {
                throw new SluiceException($"The checkpoint's offset {_position} belongs to another file than '{_path}' (it was replaced); the stream cannot resume from it without loss.");
            }

            if (_file.Length < _position)
            {
                throw new SluiceException($"The file '{_path}' is shorter ({_file.Length} bytes) than the checkpointed offset {_position}; it was truncated.");
            }

            _file.Position = _position;
        }
    }

    private void ReadHeaderFromStart()
    {
        var saved = _position;
        _position = 0;
        _file!.Position = 0;
        var line = NextLine();
        Header(line);
        if (saved > 0)
        {
            _start = _end = 0;
            _eof = false;
            _position = saved;
        }
    }

    private void Header(ReadOnlySpan<byte> line)
    {
        var names = CsvLine.Fields(line);
        _csvMap = [.. names.Select(n => _schema.IndexOf(n))];
    }

    /// <summary>At the end of a followed file: true when the path now names another file, which is then read from its start.</summary>
    private bool Rotated()
    {
        FileStream next;
        try
        {
            next = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            return false; // between the rename and the creation of the new file
        }

        var same = next.Length >= _position && (_fingerprint is not { } f || FileFingerprint.Read(next, f.Length) == f);
        if (same)
        {
            next.Dispose();
            return false;
        }

        _file!.Dispose();
        _file = next;
        _fingerprint = null;
        _position = 0;
        _start = _end = 0;
        _eof = false;
        _csvMap = null;
        return true;
    }

    public ValueTask CommitAsync(IReadOnlyDictionary<string, string> offsets, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _file?.Dispose();
        return ValueTask.CompletedTask;
    }
}
