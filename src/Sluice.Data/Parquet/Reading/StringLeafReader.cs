using Sluice.Data.Columns;
using Sluice.Data.Parquet.Encodings;
using Sluice.Data.Parquet.Format;

namespace Sluice.Data.Parquet.Reading;

/// <summary>
/// Reads a BYTE_ARRAY column into string columns. A page's values are located (start and length in the page body, the
/// dictionary, or a buffer of rebuilt prefix-compressed values), then copied row by row into the output.
/// Encodings: PLAIN, dictionary, DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY.
/// </summary>
internal sealed class StringLeafReader : LeafReader
{
    private readonly RleHybridDecoder _indexDecoder = new();
    private readonly ByteBuffer _rebuilt = new(1 << 12);
    private byte[] _dictionaryBytes = [];
    private int[] _dictionaryStarts = [];
    private int[] _dictionaryLengths = [];
    private int _dictionaryCount = -1;
    private int[] _starts = [];
    private int[] _lengths = [];
    private long[] _scratch = [];
    private byte[] _source = [];
    private Utf8Builder? _output;

    public StringLeafReader(ChunkPageReader pages, LeafColumn leaf, string path, long chunkRows)
        : base(pages, leaf, path, chunkRows)
    {
    }

    protected override void LoadDictionary(byte[] body, int length, int count)
    {
        Buffers.Reserve(ref _dictionaryStarts, count);
        Buffers.Reserve(ref _dictionaryLengths, count);
        if (_dictionaryBytes.Length < length)
        {
            Buffers.Return(_dictionaryBytes);
            _dictionaryBytes = Buffers.Rent<byte>(length);
        }

        // The page body buffer is reused by the next page: keep a copy of the dictionary.
        body.AsSpan(0, length).CopyTo(_dictionaryBytes);
        PlainDecoder.ByteArrays(_dictionaryBytes.AsSpan(0, length), _dictionaryStarts.AsSpan(0, count), _dictionaryLengths.AsSpan(0, count));
        _dictionaryCount = count;
    }

    protected override void LoadValues(ValueEncoding encoding, byte[] body, int start, int end, int count)
    {
        Buffers.Reserve(ref _starts, count);
        Buffers.Reserve(ref _lengths, count);
        var starts = _starts.AsSpan(0, count);
        var lengths = _lengths.AsSpan(0, count);
        var data = body.AsSpan(start, end - start);
        switch (encoding)
        {
            case ValueEncoding.Plain:
                PlainDecoder.ByteArrays(data, starts, lengths);
                Offset(starts, start);
                _source = body;
                return;
            case ValueEncoding.PlainDictionary or ValueEncoding.RleDictionary:
                if (_dictionaryCount < 0)
                {
                    throw new CorruptDataException("dictionary-encoded page without a dictionary page");
                }

                if (count > 0)
                {
                    if (start >= end)
                    {
                        throw new CorruptDataException("dictionary indices missing");
                    }

                    _indexDecoder.Reset(body, start + 1, end, body[start]);
                    _indexDecoder.Read(starts);
                }

                for (var i = 0; i < count; i++)
                {
                    var index = starts[i];
                    if ((uint)index >= (uint)_dictionaryCount)
                    {
                        throw new CorruptDataException($"dictionary index {index} is outside the {_dictionaryCount}-entry dictionary");
                    }

                    starts[i] = _dictionaryStarts[index];
                    lengths[i] = _dictionaryLengths[index];
                }

                _source = _dictionaryBytes;
                return;
            case ValueEncoding.DeltaLengthByteArray:
                Buffers.Reserve(ref _scratch, count);
                DeltaDecoder.LengthByteArray(data, starts, lengths, _scratch);
                Offset(starts, start);
                _source = body;
                return;
            case ValueEncoding.DeltaByteArray:
                Buffers.Reserve(ref _scratch, count);
                DeltaDecoder.ByteArray(data, starts, lengths, _scratch, _rebuilt);
                _source = _rebuilt.RawArray;
                return;
            default:
                CheckEncoding(false, encoding);
                return;
        }
    }

    private static void Offset(Span<int> starts, int by)
    {
        for (var i = 0; i < starts.Length; i++)
        {
            starts[i] += by;
        }
    }

    protected override void BeginOutput(int rows) => _output = new Utf8Builder(rows, rows * 16);

    protected override void CopyDense(int valueIndex, int row, int count)
    {
        var output = _output!;
        var source = _source;
        for (var i = valueIndex; i < valueIndex + count; i++)
        {
            output.Append(source.AsSpan(_starts[i], _lengths[i]));
        }
    }

    protected override void SetNull(int row) => _output!.AppendNull();

    protected override Column EndOutput(int rows, ValidityMask? validity)
    {
        // The builder tracks nulls itself; the mask computed by the base class is redundant here.
        validity?.Dispose();
        var column = _output!.Build();
        _output = null;
        return column;
    }

    protected override void AbandonOutput()
    {
        _output?.Build().Dispose();
        _output = null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _rebuilt.Dispose();
            Buffers.Return(_dictionaryBytes);
            Buffers.Return(_dictionaryStarts);
            Buffers.Return(_dictionaryLengths);
            Buffers.Return(_starts);
            Buffers.Return(_lengths);
            Buffers.Return(_scratch);
            _dictionaryBytes = [];
            _dictionaryStarts = _dictionaryLengths = _starts = _lengths = [];
            _scratch = [];
        }

        base.Dispose(disposing);
    }
}
