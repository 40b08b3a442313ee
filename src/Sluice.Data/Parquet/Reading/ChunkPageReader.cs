using System.Buffers;
using Microsoft.Win32.SafeHandles;
using Sluice.Data.Parquet.Compression;
using Sluice.Data.Parquet.Encodings;
using Sluice.Data.Parquet.Format;
using Sluice.Data.Parquet.Thrift;

namespace Sluice.Data.Parquet.Reading;

/// <summary>
/// Reads the pages of one column chunk from the file, one at a time: parses each page header, reads and decompresses
/// its body into a pooled buffer. V2 pages keep their levels uncompressed in front of the decompressed values, so
/// <see cref="Body"/> always holds [levels][values] uncompressed. Every size is checked against the chunk's bounds.
/// </summary>
internal sealed class ChunkPageReader : IDisposable
{
    private const int MaxPageSize = 1 << 30;
    private readonly SafeFileHandle _file;
    private readonly string _path;
    private readonly string _column;
    private readonly CompressionCodec _codec;
    private readonly long _end;
    private long _position;
    private byte[] _raw = [];
    private byte[] _body = [];

    public ChunkPageReader(SafeFileHandle file, string path, string column, ColumnMetaData meta, long fileLength)
    {
        _file = file;
        _path = path;
        _column = column;
        _codec = meta.Codec;
        var start = meta.DictionaryPageOffset is { } d && d > 0 && d < meta.DataPageOffset ? d : meta.DataPageOffset;
        _position = start;
        _end = start + meta.TotalCompressedSize;
        if (start < 4 || meta.TotalCompressedSize < 0 || _end > fileLength - 8)
        {
            throw new DataException($"{path}: corrupt Parquet file: column '{column}' claims bytes {start}..{_end}, outside the data of the {fileLength}-byte file.");
        }
    }

    /// <summary>The file offset of the current page's header.</summary>
    public long PageOffset { get; private set; }

    /// <summary>The current page's header.</summary>
    public PageHeader Header { get; private set; } = new();

    /// <summary>The current page body, uncompressed (levels then values); valid up to <see cref="BodyLength"/>.</summary>
    public byte[] Body => _body;

    public int BodyLength { get; private set; }

    /// <summary>Moves to the next page; false at the end of the chunk.</summary>
    public bool Next()
    {
        if (_position >= _end)
        {
            return false;
        }

        PageOffset = _position;
        var headerLength = ReadHeader();
        var header = Header;
        var dataStart = _position + headerLength;
        if (header.CompressedPageSize < 0 || header.UncompressedPageSize is < 0 or > MaxPageSize || dataStart + header.CompressedPageSize > _end)
        {
            throw Corrupt($"page sizes ({header.CompressedPageSize} compressed, {header.UncompressedPageSize} uncompressed) run past the column chunk");
        }

        Rent(ref _raw, header.CompressedPageSize);
        ReadExactly(_raw.AsSpan(0, header.CompressedPageSize), dataStart);
        _position = dataStart + header.CompressedPageSize;
        Rent(ref _body, header.UncompressedPageSize);
        try
        {
            var levels = 0;
            var compressed = true;
            if (header.Type == PageType.DataPageV2 && header.DataPageV2 is { } v2)
            {
                levels = v2.DefinitionLevelsByteLength + v2.RepetitionLevelsByteLength;
                compressed = v2.IsCompressed;
                if (v2.DefinitionLevelsByteLength < 0 || v2.RepetitionLevelsByteLength < 0 || levels > header.CompressedPageSize || levels > header.UncompressedPageSize)
                {
                    throw new CorruptDataException($"level lengths {v2.RepetitionLevelsByteLength} + {v2.DefinitionLevelsByteLength} exceed the page");
                }

                _raw.AsSpan(0, levels).CopyTo(_body);
            }

            var codec = compressed ? _codec : CompressionCodec.Uncompressed;
            PageCodec.Decompress(codec, _raw, levels, header.CompressedPageSize - levels, _body.AsSpan(levels, header.UncompressedPageSize - levels));
        }
        catch (CorruptDataException ex)
        {
            throw Corrupt(ex.Message, ex);
        }

        BodyLength = header.UncompressedPageSize;
        return true;
    }

    private int ReadHeader()
    {
        var size = (int)Math.Min(_end - _position, 256);
        Span<short> stack = stackalloc short[64];
        while (true)
        {
            Rent(ref _raw, size);
            ReadExactly(_raw.AsSpan(0, size), _position);
            try
            {
                var reader = new CompactReader(_raw.AsSpan(0, size), _path, _position, stack);
                Header = PageHeader.Read(ref reader);
                return reader.Position;
            }
            catch (ThriftTruncatedException) when (size < _end - _position)
            {
                // Headers with large statistics: read more and parse again.
                size = (int)Math.Min(_end - _position, (long)size * 4);
            }
            catch (ThriftTruncatedException)
            {
                throw Corrupt("the page header runs past the end of the column chunk");
            }
        }
    }

    private void ReadExactly(Span<byte> destination, long offset)
    {
        var done = 0;
        while (done < destination.Length)
        {
            var n = RandomAccess.Read(_file, destination[done..], offset + done);
            if (n == 0)
            {
                throw Corrupt($"the file ends at offset {offset + done}");
            }

            done += n;
        }
    }

    private static void Rent(ref byte[] buffer, int size)
    {
        if (buffer.Length >= size)
        {
            return;
        }

        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        buffer = ArrayPool<byte>.Shared.Rent(Math.Max(size, 4096));
    }

    /// <summary>A corruption error naming the file, column and page offset.</summary>
    public DataException Corrupt(string what, Exception? inner = null) =>
        new($"{_path}: corrupt Parquet data in column '{_column}' (page at offset {PageOffset}): {what}.", false, inner);

    public void Dispose()
    {
        if (_raw.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_raw);
        }

        if (_body.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_body);
        }

        _raw = [];
        _body = [];
    }
}
