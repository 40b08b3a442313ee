namespace Sluice.Data.Csv;

/// <summary>Splits UTF-8 CSV text into fields (RFC 4180 plus options). Tracks the physical line; never throws on bad input.</summary>
internal ref struct CsvTokenizer
{
    private const byte Lf = (byte)'\n';
    private const byte Cr = (byte)'\r';

    private readonly ReadOnlySpan<byte> _data;
    private readonly byte _delimiter;
    private readonly byte _quote;
    private readonly byte _escape;
    private readonly bool _hasEscape;
    private readonly bool _allowNewlines;
    private byte[] _scratch;

    public CsvTokenizer(ReadOnlySpan<byte> data, CsvReadOptions options, long firstLine)
    {
        _data = data;
        _delimiter = (byte)options.Delimiter;
        _quote = (byte)options.Quote;
        _hasEscape = options.Escape is not null && options.Escape != options.Quote;
        _escape = _hasEscape ? (byte)options.Escape!.Value : _quote;
        _allowNewlines = options.AllowQuotedNewlines;
        _scratch = [];
        Line = firstLine;
    }

    /// <summary>The current byte offset.</summary>
    public int Position { get; private set; }

    /// <summary>The 1-based physical line at <see cref="Position"/>.</summary>
    public long Line { get; private set; }

    public readonly bool AtEnd => Position >= _data.Length;

    /// <summary>Skips a blank line (LF or CRLF alone) at the current position; true if one was skipped.</summary>
    public bool SkipBlankLine()
    {
        var rest = _data[Position..];
        if (rest.Length > 0 && rest[0] == Lf)
        {
            Position++;
            Line++;
            return true;
        }

        if (rest.Length > 1 && rest[0] == Cr && rest[1] == Lf)
        {
            Position += 2;
            Line++;
            return true;
        }

        return false;
    }

    public readonly ReadOnlySpan<byte> Slice(int start, int end) => _data[start..end];

    /// <summary>Reads one field. <paramref name="endOfRecord"/> is true when it was the last field of its record.</summary>
    /// <returns>null, or why the record is malformed (the tokenizer has then skipped to the end of the record).</returns>
    public string? ReadField(out ReadOnlySpan<byte> value, out bool quoted, out bool endOfRecord)
    {
        var pos = Position;
        quoted = pos < _data.Length && _data[pos] == _quote;
        if (!quoted)
        {
            var rest = _data[pos..];
            var idx = rest.IndexOfAny(_delimiter, Lf);
            if (idx < 0)
            {
                value = rest;
                Position = _data.Length;
                endOfRecord = true;
            }
            else
            {
                value = rest[..idx];
                endOfRecord = rest[idx] == Lf;
                Position = pos + idx + 1;
                if (endOfRecord)
                {
                    Line++;
                }
            }

            if (endOfRecord && !value.IsEmpty && value[^1] == Cr)
            {
                value = value[..^1];
            }

            return null;
        }

        return ReadQuoted(pos + 1, out value, out endOfRecord);
    }

    private string? ReadQuoted(int start, out ReadOnlySpan<byte> value, out bool endOfRecord)
    {
        var pos = start;
        var escaped = false;
        value = default;
        endOfRecord = true;
        while (true)
        {
            var rest = _data[pos..];
            var idx = _hasEscape ? rest.IndexOfAny(_quote, _escape, Lf) : rest.IndexOfAny(_quote, Lf);
            if (idx < 0)
            {
                Position = _data.Length;
                return "unterminated quoted field";
            }

            var c = rest[idx];
            if (c == Lf)
            {
                Line++;
                pos += idx + 1;
                if (!_allowNewlines)
                {
                    Position = pos;
                    return "line break inside a quoted field (quoted newlines are not allowed)";
                }

                continue;
            }

            if (_hasEscape && c == _escape)
            {
                escaped = true;
                pos += idx + 2;
                if (pos > _data.Length)
                {
                    Position = _data.Length;
                    return "unterminated quoted field";
                }

                continue;
            }

            if (!_hasEscape && idx + 1 < rest.Length && rest[idx + 1] == _quote)
            {
                escaped = true;
                pos += idx + 2;
                continue;
            }

            var contentEnd = pos + idx;
            if (escaped)
            {
                var n = Unescape(_data[start..contentEnd]);
                value = _scratch.AsSpan(0, n);
            }
            else
            {
                value = _data[start..contentEnd];
            }

            return AfterClosingQuote(contentEnd + 1, out endOfRecord);
        }
    }

    private string? AfterClosingQuote(int pos, out bool endOfRecord)
    {
        endOfRecord = true;
        if (pos >= _data.Length)
        {
            Position = pos;
            return null;
        }

        var c = _data[pos];
        if (c == _delimiter)
        {
            endOfRecord = false;
            Position = pos + 1;
            return null;
        }

        if (c == Lf || (c == Cr && (pos + 1 == _data.Length || _data[pos + 1] == Lf)))
        {
            Position = Math.Min(pos + (c == Cr ? 2 : 1), _data.Length);
            Line++;
            return null;
        }

        SkipToEndOfRecord(pos);
        return "unexpected text after a closing quote";
    }

    /// <summary>Moves past the next LF (or to the end).</summary>
    public void SkipToEndOfRecord(int from)
    {
        var idx = _data[from..].IndexOf(Lf);
        if (idx < 0)
        {
            Position = _data.Length;
            return;
        }

        Position = from + idx + 1;
        Line++;
    }

    private int Unescape(ReadOnlySpan<byte> raw)
    {
        if (_scratch.Length < raw.Length)
        {
            _scratch = new byte[Math.Max(raw.Length, 256)];
        }

        var n = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if ((c == _escape && _hasEscape) || (c == _quote && !_hasEscape))
            {
                i++;
                c = raw[i];
            }

            _scratch[n++] = c;
        }

        return n;
    }
}
