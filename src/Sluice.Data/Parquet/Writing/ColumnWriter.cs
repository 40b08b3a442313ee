using Sluice.Data.Columns;
using Sluice.Data.Parquet.Compression;
using Sluice.Data.Parquet.Encodings;
using Sluice.Data.Parquet.Format;
using Sluice.Data.Parquet.Thrift;

namespace Sluice.Data.Parquet.Writing;

/// <summary>
/// Encodes one optional (max definition level 1) column of a row group: data pages v1 of definition levels (RLE hybrid,
/// length-prefixed) and values, compressed and buffered in memory until the row group is flushed. Subclasses encode the
/// values and keep the chunk statistics.
/// </summary>
internal abstract class ColumnWriter : IDisposable
{
    private readonly CompressionCodec _codec;
    private readonly ByteBuffer _chunk = new(1 << 16);
    private readonly ByteBuffer _page = new(1 << 16);
    private readonly ByteBuffer _compressed = new(1 << 16);
    private readonly HashSet<ValueEncoding> _encodings = [];
    private int[] _levels;
    private int _pageRows;
    private int _pageNulls;
    private long _chunkRows;
    private long _chunkNulls;
    private long _uncompressedTotal;
    private long _firstDataPage = -1;

    protected ColumnWriter(string name, PhysicalKind kind, ParquetWriteOptions options)
    {
        Name = name;
        Kind = kind;
        Options = options;
        _codec = options.Compression switch
        {
            ParquetCompression.Snappy => CompressionCodec.Snappy,
            ParquetCompression.Gzip => CompressionCodec.Gzip,
            _ => CompressionCodec.Uncompressed,
        };
        _levels = Buffers.Rent<int>(Math.Min(options.PageRows, 1 << 16));
    }

    public string Name { get; }

    public PhysicalKind Kind { get; }

    protected ParquetWriteOptions Options { get; }

    /// <summary>The encoded values of the current page.</summary>
    protected ByteBuffer Values { get; } = new(1 << 16);

    /// <summary>Bytes held for the current row group (pages so far plus the open page).</summary>
    public long BufferedBytes => _chunk.Length + Values.Length + DictionaryBytes;

    /// <summary>Bytes of the dictionary being built, if any.</summary>
    protected virtual long DictionaryBytes => 0;

    /// <summary>Appends rows <paramref name="start"/>..<paramref name="start"/>+<paramref name="count"/> of <paramref name="column"/>.</summary>
    public void Write(Column column, int start, int count)
    {
        while (count > 0)
        {
            var n = Math.Min(count, Options.PageRows - _pageRows);
            AppendLevels(column.Validity, start, n);
            WriteValues(column, start, n);
            _pageRows += n;
            start += n;
            count -= n;
            if (_pageRows >= Options.PageRows || Values.Length >= Options.PageBytes)
            {
                FlushPage();
            }
        }
    }

    /// <summary>Encodes the non-null values of the rows into <see cref="Values"/> (or the subclass's own page state) and updates statistics.</summary>
    protected abstract void WriteValues(Column column, int start, int count);

    /// <summary>The encoding of the current page's values; called when the page is flushed, after <see cref="CompletePage"/>.</summary>
    protected virtual ValueEncoding PageEncoding => ValueEncoding.Plain;

    /// <summary>Puts the last pending bytes of the page's values into <see cref="Values"/> (bit-packed booleans, dictionary indices).</summary>
    protected virtual void CompletePage()
    {
    }

    /// <summary>The chunk statistics (null count filled in by the caller).</summary>
    protected abstract Statistics BuildStatistics();

    /// <summary>Clears the statistics (and dictionary) for the next chunk.</summary>
    protected abstract void ResetChunkState();

    /// <summary>The PLAIN-encoded dictionary and its entry count when the chunk used one, else null.</summary>
    protected virtual (ReadOnlyMemory<byte> Plain, int Count)? Dictionary => null;

    private void AppendLevels(ValidityMask? validity, int start, int count)
    {
        if (_pageRows + count > _levels.Length)
        {
            Buffers.Grow(ref _levels, _pageRows, _pageRows + count);
        }

        var levels = _levels.AsSpan(_pageRows, count);
        if (validity is null)
        {
            levels.Fill(1);
            return;
        }

        for (var i = 0; i < count; i++)
        {
            var valid = validity.IsValid(start + i);
            levels[i] = valid ? 1 : 0;
            _pageNulls += valid ? 0 : 1;
        }
    }

    /// <summary>Closes the current data page (no-op when it is empty).</summary>
    protected void FlushPage()
    {
        if (_pageRows == 0)
        {
            return;
        }

        CompletePage();
        var encoding = PageEncoding;
        _page.Clear();
        _page.WriteInt32(0);
        if (_pageNulls == 0)
        {
            RleHybridEncoder.EncodeRepeated(1, _pageRows, 1, _page);
        }
        else
        {
            RleHybridEncoder.Encode(_levels.AsSpan(0, _pageRows), 1, _page);
        }

        _page.PatchInt32(0, _page.Length - 4);
        _page.Write(Values.Span);
        var header = new PageHeader
        {
            Type = PageType.DataPage,
            DataPage = new DataPageHeader { NumValues = _pageRows, Encoding = encoding },
        };
        if (_firstDataPage < 0)
        {
            _firstDataPage = _chunk.Length;
        }

        AppendPage(_chunk, header, _page.Span);
        _encodings.Add(encoding);
        _encodings.Add(ValueEncoding.Rle);
        _chunkRows += _pageRows;
        _chunkNulls += _pageNulls;
        _pageRows = 0;
        _pageNulls = 0;
        Values.Clear();
    }

    private void AppendPage(ByteBuffer output, PageHeader header, ReadOnlySpan<byte> body)
    {
        _compressed.Clear();
        PageCodec.Compress(_codec, body, _compressed);
        header.UncompressedPageSize = body.Length;
        header.CompressedPageSize = _compressed.Length;
        var before = output.Length;
        var w = new CompactWriter(output);
        w.BeginStruct();
        header.WriteFields(w);
        w.EndStruct();
        _uncompressedTotal += output.Length - before + body.Length;
        output.Write(_compressed.Span);
    }

    /// <summary>
    /// Closes the chunk: appends its pages (dictionary page first) to <paramref name="output"/>, which will be written at
    /// file offset <paramref name="fileOffset"/>, and returns its metadata. The writer is then ready for the next chunk.
    /// </summary>
    public ColumnChunk FinishChunk(long fileOffset, ByteBuffer output)
    {
        FlushPage();
        var start = output.Length;
        long? dictionaryOffset = null;
        if (Dictionary is { } dict)
        {
            dictionaryOffset = fileOffset;
            var header = new PageHeader
            {
                Type = PageType.DictionaryPage,
                DictionaryPage = new DictionaryPageHeader { NumValues = dict.Count, Encoding = ValueEncoding.Plain },
            };
            AppendPage(output, header, dict.Plain.Span);
            _encodings.Add(ValueEncoding.Plain);
        }

        var dataOffset = fileOffset + (output.Length - start) + Math.Max(_firstDataPage, 0);
        output.Write(_chunk.Span);
        var stats = BuildStatistics();
        stats.NullCount = _chunkNulls;
        var meta = new ColumnMetaData
        {
            Type = Kind,
            Encodings = [.. _encodings.Order()],
            Path = [Name],
            Codec = _codec,
            NumValues = _chunkRows,
            TotalUncompressedSize = _uncompressedTotal,
            TotalCompressedSize = output.Length - start,
            DataPageOffset = dataOffset,
            DictionaryPageOffset = dictionaryOffset,
            Statistics = stats,
        };
        _chunk.Clear();
        _encodings.Clear();
        _chunkRows = 0;
        _chunkNulls = 0;
        _uncompressedTotal = 0;
        _firstDataPage = -1;
        ResetChunkState();
        return new ColumnChunk { FileOffset = 0, MetaData = meta };
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _chunk.Dispose();
            _page.Dispose();
            _compressed.Dispose();
            Values.Dispose();
            Buffers.Return(_levels);
            _levels = [];
        }
    }
}
