using System.Text.Json;

namespace Sluice.Data.Json;

/// <summary>
/// Cuts a JSON Lines or JSON array stream into records (one line, or one array element) held in a growing buffer,
/// counting lines. A record's bytes stay valid until the next call of <see cref="Next"/>.
/// </summary>
internal sealed class JsonFramer(Stream stream, JsonFormat format)
{
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _begun;
    private bool _done;
    private long _line = 1;

    public byte[] Buffer => _buffer;

    /// <summary>The next record: its offset and length in <see cref="Buffer"/> and the line it starts on; or an error that ends an array.</summary>
    public bool Next(out int offset, out int length, out long line, out string? error)
    {
        error = null;
        offset = length = 0;
        line = _line;
        return !_done && (format == JsonFormat.Lines ? NextLine(out offset, out length, out line) : NextElement(out offset, out length, out line, out error));
    }

    private bool NextLine(out int offset, out int length, out long line)
    {
        while (true)
        {
            var span = _buffer.AsSpan(_start, _end - _start);
            var lf = span.IndexOf((byte)'\n');
            if (lf < 0 && !_eof)
            {
                Fill();
                continue;
            }

            if (lf < 0 && span.IsEmpty)
            {
                _done = true;
                offset = length = 0;
                line = _line;
                return false;
            }

            var len = lf < 0 ? span.Length : lf;
            offset = _start;
            line = _line++;
            _start += lf < 0 ? len : len + 1;
            length = len > 0 && _buffer[offset + len - 1] == (byte)'\r' ? len - 1 : len;
            if (_buffer.AsSpan(offset, length).Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }

            if (_line == 2 && _buffer.AsSpan(offset, length).StartsWith("\uFEFF"u8))
            {
                offset += 3;
                length -= 3;
            }

            return true;
        }
    }

    private bool NextElement(out int offset, out int length, out long line, out string? error)
    {
        error = null;
        offset = length = 0;
        while (true)
        {
            SkipSpace();
            line = _line;
            if (_start == _end)
            {
                if (_eof)
                {
                    _done = true;
                    error = _begun ? "the array is not closed with ']'" : null;
                    return error is not null;
                }

                Fill();
                continue;
            }

            var b = _buffer[_start];
            if (!_begun)
            {
                if (b != (byte)'[')
                {
                    _done = true;
                    error = "a JSON array file must start with '['";
                    return true;
                }

                _begun = true;
                _start++;
                continue;
            }

            if (b == (byte)',')
            {
                _start++;
                continue;
            }

            if (b == (byte)']')
            {
                _done = true;
                return false;
            }

            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _eof, default);
            try
            {
                if (reader.Read() && reader.TrySkip())
                {
                    offset = _start;
                    length = (int)reader.BytesConsumed;
                    _start += length;
                    _line += _buffer.AsSpan(offset, length).Count((byte)'\n');
                    return true;
                }
            }
            catch (JsonException ex)
            {
                _done = true;
                error = $"malformed JSON ({ex.Message}); the rest of the array was skipped";
                offset = _start;
                length = Math.Min(_end - _start, 1024);
                return true;
            }

            if (_eof)
            {
                _done = true;
                error = "the file ends inside an array element";
                offset = _start;
                length = Math.Min(_end - _start, 1024);
                return true;
            }

            Fill();
        }
    }

    private void SkipSpace()
    {
        while (_start < _end)
        {
            var b = _buffer[_start];
            if (b == (byte)'\n')
            {
                _line++;
            }
            else if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r') && !(b == 0xEF && !_begun))
            {
                return;
            }

            // A BOM (EF BB BF) before the array is skipped with the whitespace.
            _start += b == 0xEF ? 3 : 1;
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var n = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0)
        {
            _eof = true;
        }

        _end += n;
    }
}
