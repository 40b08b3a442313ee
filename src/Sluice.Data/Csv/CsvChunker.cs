using Sluice.Data.Columns;

namespace Sluice.Data.Csv;

/// <summary>
/// Reads a stream into chunks that end on record boundaries, so each chunk parses independently.
/// With quoted newlines allowed it tracks quote state to find a boundary outside quotes; otherwise any LF is one.
/// </summary>
internal static class CsvChunker
{
    public static IEnumerable<CsvChunk> Read(Stream stream, CsvReadOptions options, int chunkSize)
    {
        var buffer = Buffers.Rent<byte>(chunkSize);
        var filled = 0;
        var line = 1L;
        var index = 0;
        var eof = false;
        var first = true;
        while (true)
        {
            while (!eof && filled < buffer.Length)
            {
                var n = stream.Read(buffer, filled, buffer.Length - filled);
                if (n == 0)
                {
                    eof = true;
                }

                filled += n;
            }

            var start = 0;
            if (first)
            {
                first = false;
                if (filled >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
                {
                    start = 3;
                }
            }

            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, filled - start);
                filled -= start;
            }

            if (filled == 0)
            {
                Buffers.Return(buffer);
                yield break;
            }

            var cut = eof ? filled : FindBoundary(buffer.AsSpan(0, filled), options);
            if (cut <= 0)
            {
                // One record is longer than the buffer: grow and keep reading.
                Buffers.Grow(ref buffer, filled, buffer.Length * 2);
                continue;
            }

            var next = Buffers.Rent<byte>(Math.Max(chunkSize, filled - cut));
            buffer.AsSpan(cut, filled - cut).CopyTo(next);
            var chunk = new CsvChunk(buffer, cut, line, index++, eof && cut == filled);
            line += buffer.AsSpan(0, cut).Count((byte)'\n');
            filled -= cut;
            buffer = next;
            yield return chunk;
            if (eof && filled == 0)
            {
                Buffers.Return(buffer);
                yield break;
            }
        }
    }

    /// <summary>The offset just after the last record-ending LF, or 0 when none.</summary>
    internal static int FindBoundary(ReadOnlySpan<byte> data, CsvReadOptions options)
    {
        if (!options.AllowQuotedNewlines)
        {
            return data.LastIndexOf((byte)'\n') + 1;
        }

        var quote = (byte)options.Quote;
        var delimiter = (byte)options.Delimiter;
        var hasEscape = options.Escape is not null && options.Escape != options.Quote;
        var escape = hasEscape ? (byte)options.Escape!.Value : quote;
        var last = 0;
        var pos = 0;
        var inQuotes = false;
        while (pos < data.Length)
        {
            var rest = data[pos..];
            var idx = inQuotes
                ? (hasEscape ? rest.IndexOfAny(quote, escape) : rest.IndexOf(quote))
                : rest.IndexOfAny(quote, (byte)'\n');
            if (idx < 0)
            {
                break;
            }

            var at = pos + idx;
            var c = data[at];
            if (!inQuotes)
            {
                if (c == (byte)'\n')
                {
                    last = at + 1;
                }
                else if (at == 0 || data[at - 1] == delimiter || data[at - 1] == (byte)'\n')
                {
                    // A quote opens a quoted field only at the start of a field; elsewhere it is text.
                    inQuotes = true;
                }

                pos = at + 1;
            }
            else if (hasEscape && c == escape)
            {
                pos = at + 2;
            }
            else if (!hasEscape && at + 1 < data.Length && data[at + 1] == quote)
            {
                pos = at + 2;
            }
            else
            {
                inQuotes = false;
                pos = at + 1;
            }
        }

        return last;
    }
}
