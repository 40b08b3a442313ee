using System.Threading.Channels;

namespace Sluice.Streaming.Sources;

/// <summary>Reads a byte stream (stdin, a chunked HTTP body) and passes on its complete lines in chunks.</summary>
internal sealed class LineChunker
{
    private byte[] _buffer = new byte[1 << 16];
    private int _end;

    /// <summary>Non-blank lines passed on so far, over every stream copied.</summary>
    public long Lines { get; private set; }

    /// <summary>The non-blank lines of whole lines of bytes.</summary>
    public static long CountLines(ReadOnlySpan<byte> lines)
    {
        long count = 0;
        while (!lines.IsEmpty)
        {
            var end = lines.IndexOf((byte)'\n');
            var line = end < 0 ? lines : lines[..end];
            if (!EventParser.IsBlank(line))
            {
                count++;
            }

            lines = end < 0 ? default : lines[(end + 1)..];
        }

        return count;
    }

    /// <summary>
    /// Copies <paramref name="stream"/> to <paramref name="writer"/> as chunks of whole lines until it ends. A last line
    /// without a newline is passed on when <paramref name="keepPartialLine"/> (a file-like end), else dropped (a broken
    /// connection cut it). Throws what reading throws; the partial line is dropped then.
    /// </summary>
    public async Task CopyAsync(Stream stream, ChannelWriter<SourceChunk> writer, bool keepPartialLine, CancellationToken cancellationToken)
    {
        _end = 0;
        while (true)
        {
            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var n = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                if (keepPartialLine && _end > 0)
                {
                    var last = new byte[_end + 1];
                    _buffer.AsSpan(0, _end).CopyTo(last);
                    last[_end] = (byte)'\n';
                    Lines += CountLines(last);
                    await writer.WriteAsync(new SourceChunk(last), cancellationToken).ConfigureAwait(false);
                }

                _end = 0;
                return;
            }

            var scanFrom = _end;
            _end += n;
            var newline = _buffer.AsSpan(scanFrom, _end - scanFrom).LastIndexOf((byte)'\n');
            if (newline < 0)
            {
                continue;
            }

            var complete = scanFrom + newline + 1;
            Lines += CountLines(_buffer.AsSpan(0, complete));
            await writer.WriteAsync(new SourceChunk(_buffer.AsSpan(0, complete).ToArray()), cancellationToken).ConfigureAwait(false);
            _buffer.AsSpan(complete, _end - complete).CopyTo(_buffer);
            _end -= complete;
        }
    }
}
