using System.Buffers;
using System.Threading.Channels;
using Sluice.Diagnostics;

namespace Sluice.Streaming.Sources;

/// <summary>The reading side of <see cref="FileLineSource"/>: the file, its blocks of whole lines, its header, its rotation.</summary>
internal sealed partial class FileLineSource
{
    /// <summary>Bytes read per block (more when one line is longer): large enough that a parse outweighs its hand-off.</summary>
    private const int BlockSize = 1 << 20;

    // Owned by the reading loop once it runs (by Open before).
    private FileStream? _file;
    private FileFingerprint? _readFingerprint;
    private int[]? _csvMap;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
    private int _filled;
    private long _readPosition; // file offset of _buffer[0]
    private bool _eof;

    private void Open()
    {
        try
        {
            _file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            throw new SluiceException($"The stream's source file '{_path}' does not exist; check source.path.");
        }

        (_readPosition, _readFingerprint) = (_position, _fingerprint);
        if (_position == 0)
        {
            return;
        }

        if (_fingerprint is { } expected && FileFingerprint.Read(_file, expected.Length) != expected)
        {
            throw new SluiceException($"The checkpoint's offset {_position} belongs to another file than '{_path}' (it was replaced); the stream cannot resume from it without loss.");
        }

        if (_file.Length < _position)
        {
            throw new SluiceException($"The file '{_path}' is shorter ({_file.Length} bytes) than the checkpointed offset {_position}; it was truncated.");
        }

        if (_csv)
        {
            // The header precedes the checkpointed offset: read it from the start, then continue at the offset.
            _readPosition = 0;
            while (!TakeHeader() && !_eof)
            {
                Fill();
            }

            (_filled, _eof, _readPosition) = (0, false, _position);
        }

        _file.Position = _position;
    }

    /// <summary>
    /// Reads the file in blocks of whole lines and starts a parse of each; <paramref name="writer"/> bounds the blocks in
    /// flight. Ends at the end of a bounded file; a followed file is polled, with an idle block after each empty poll.
    /// </summary>
    private async Task ReadBlocksAsync(ChannelWriter<Task<ParsedBlock>> writer, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!_eof && _filled < _buffer.Length)
            {
                Fill();
                continue; // read until the block is full or the file has no more for now
            }

            if (_csv && _csvMap is null && TakeHeader())
            {
                continue;
            }

            // A bounded file's last line may lack its newline; a followed file's partial line waits for the rest.
            var cut = _csv && _csvMap is null ? 0
                : _eof && !_follow ? _filled
                : _buffer.AsSpan(0, _filled).LastIndexOf((byte)'\n') + 1;
            if (cut > 0)
            {
                await writer.WriteAsync(Dispatch(cut), cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!_eof)
            {
                Grow(); // one line longer than the buffer
                continue;
            }

            if (!_follow)
            {
                return;
            }

            if (Rotated())
            {
                continue;
            }

            await Task.Delay(_poll, _time, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(Task.FromResult(new ParsedBlock([], _readPosition, _readFingerprint, Idle: true)), cancellationToken).ConfigureAwait(false);
            _eof = false;
        }
    }

    /// <summary>Hands the first <paramref name="length"/> bytes of the buffer to a parse on the pool; the rest starts the next block.</summary>
    private Task<ParsedBlock> Dispatch(int length)
    {
        var block = _buffer;
        var start = _readPosition;
        var (csvMap, fingerprint) = (_csvMap, _readFingerprint);
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(BlockSize, _filled - length));
        block.AsSpan(length, _filled - length).CopyTo(_buffer);
        _filled -= length;
        _readPosition += length;
        return Task.Run(() => Parse(block, 0, length, start, csvMap, fingerprint));
    }

    private void Fill()
    {
        var n = _file!.Read(_buffer, _filled, _buffer.Length - _filled);
        _filled += n;
        _eof = n == 0;
        if (_readFingerprint is null && _file.Length > 0)
        {
            // A prefix of a growing file stays its prefix: fingerprint what is there now, up to the maximum.
            _readFingerprint = FileFingerprint.Read(_file, (int)Math.Min(_file.Length, FileFingerprint.MaxLength));
        }
    }

    private void Grow()
    {
        var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
        _buffer.AsSpan(0, _filled).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    /// <summary>Takes the CSV header (the first non-blank line) from the start of the buffer; false while it is incomplete.</summary>
    private bool TakeHeader()
    {
        var at = 0;
        while (at < _filled)
        {
            var length = _buffer.AsSpan(at, _filled - at).IndexOf((byte)'\n');
            if (length < 0 && !(_eof && !_follow))
            {
                break;
            }

            var line = _buffer.AsSpan(at, length < 0 ? _filled - at : length);
            at = length < 0 ? _filled : at + length + 1;
            if (!EventParser.IsBlank(line))
            {
                _csvMap = EventParser.HeaderMap(_schema, line);
                _buffer.AsSpan(at, _filled - at).CopyTo(_buffer);
                _filled -= at;
                _readPosition += at;
                return true;
            }
        }

        return false;
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

        var same = next.Length >= _readPosition + _filled && (_readFingerprint is not { } f || FileFingerprint.Read(next, f.Length) == f);
        if (same)
        {
            next.Dispose();
            return false;
        }

        // The old file's partial last line is dropped: it was drained to its end.
        _file!.Dispose();
        _file = next;
        (_readFingerprint, _readPosition, _filled, _eof, _csvMap) = (null, 0, 0, false, null);
        return true;
    }
}
