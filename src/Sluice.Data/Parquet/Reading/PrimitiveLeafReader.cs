using System.Runtime.InteropServices;
using Sluice.Data.Columns;
using Sluice.Data.Parquet.Encodings;
using Sluice.Data.Parquet.Format;

namespace Sluice.Data.Parquet.Reading;

/// <summary>
/// Reads a fixed-width column into <see cref="PrimitiveColumn{T}"/>: long (INT32/INT64/INT96/decimal bytes, timestamps
/// rescaled to microseconds), int (dates), double (DOUBLE/FLOAT) or bool. Encodings: PLAIN, dictionary,
/// DELTA_BINARY_PACKED, BYTE_STREAM_SPLIT and RLE (booleans).
/// </summary>
internal sealed class PrimitiveLeafReader<T> : LeafReader
    where T : unmanaged
{
    private readonly RleHybridDecoder _indexDecoder = new();
    private T[] _values = [];
    private T[] _dictionary = [];
    private int _dictionaryCount = -1;
    private int[] _indices = [];
    private long[] _scratch = [];
    private byte[] _split = [];
    private T[] _output = [];

    public PrimitiveLeafReader(ChunkPageReader pages, LeafColumn leaf, string path, long chunkRows)
        : base(pages, leaf, path, chunkRows)
    {
    }

    protected override void LoadDictionary(byte[] body, int length, int count)
    {
        Buffers.Reserve(ref _dictionary, count);
        DecodePlain(body.AsSpan(0, length), _dictionary.AsSpan(0, count));
        _dictionaryCount = count;
    }

    protected override void LoadValues(ValueEncoding encoding, byte[] body, int start, int end, int count)
    {
        Buffers.Reserve(ref _values, count);
        var values = _values.AsSpan(0, count);
        var data = body.AsSpan(start, end - start);
        switch (encoding)
        {
            case ValueEncoding.Plain:
                DecodePlain(data, values);
                return;
            case ValueEncoding.PlainDictionary or ValueEncoding.RleDictionary:
                DecodeIndices(body, start, end, count);
                var dictionary = _dictionary.AsSpan(0, _dictionaryCount);
                var indices = _indices.AsSpan(0, count);
                for (var i = 0; i < indices.Length; i++)
                {
                    values[i] = dictionary[indices[i]];
                }

                return;
            case ValueEncoding.DeltaBinaryPacked when Leaf.Physical is PhysicalKind.Int32 or PhysicalKind.Int64:
                Buffers.Reserve(ref _scratch, count);
                var longs = _scratch.AsSpan(0, count);
                DeltaDecoder.BinaryPacked(data, longs);
                FromLongs(longs, values);
                return;
            case ValueEncoding.ByteStreamSplit when Leaf.Physical is PhysicalKind.Int32 or PhysicalKind.Int64 or PhysicalKind.Float or PhysicalKind.Double or PhysicalKind.FixedLenByteArray:
                var width = Leaf.Physical switch { PhysicalKind.Int32 or PhysicalKind.Float => 4, PhysicalKind.FixedLenByteArray => Leaf.TypeLength, _ => 8 };
                Buffers.Reserve(ref _split, count * width);
                DeltaDecoder.StreamSplit(data, count, width, _split);
                DecodePlain(_split.AsSpan(0, count * width), values);
                return;
            case ValueEncoding.Rle when typeof(T) == typeof(bool):
                if (data.Length < 4)
                {
                    throw new CorruptDataException("RLE booleans without their length");
                }

                Buffers.Reserve(ref _indices, count);
                _indexDecoder.Reset(body, start + 4, Math.Min(end, start + 4 + BitConverter.ToInt32(data)), 1);
                _indexDecoder.Read(_indices.AsSpan(0, count));
                var bools = MemoryMarshal.Cast<T, bool>(values);
                for (var i = 0; i < count; i++)
                {
                    bools[i] = _indices[i] != 0;
                }

                return;
            default:
                CheckEncoding(false, encoding);
                return;
        }
    }

    private void DecodeIndices(byte[] body, int start, int end, int count)
    {
        if (_dictionaryCount < 0)
        {
            throw new CorruptDataException("dictionary-encoded page without a dictionary page");
        }

        if (count > 0 && start >= end)
        {
            throw new CorruptDataException("dictionary indices missing");
        }

        Buffers.Reserve(ref _indices, count);
        if (count == 0)
        {
            return;
        }

        _indexDecoder.Reset(body, start + 1, end, body[start]);
        var indices = _indices.AsSpan(0, count);
        _indexDecoder.Read(indices);
        if (indices.ContainsAnyExceptInRange(0, _dictionaryCount - 1))
        {
            throw new CorruptDataException($"a dictionary index is outside the {_dictionaryCount}-entry dictionary");
        }
    }

    private void DecodePlain(ReadOnlySpan<byte> data, Span<T> values)
    {
        if (typeof(T) == typeof(long))
        {
            var longs = MemoryMarshal.Cast<T, long>(values);
            switch (Leaf.Physical)
            {
                case PhysicalKind.Int64:
                    PlainDecoder.Fixed(data, longs);
                    break;
                case PhysicalKind.Int32:
                    PlainDecoder.Int32ToInt64(data, longs, Leaf.Adjust == ValueAdjust.Unsigned32);
                    break;
                case PhysicalKind.Int96:
                    PlainDecoder.Int96ToMicros(data, longs);
                    break;
                case PhysicalKind.FixedLenByteArray:
                    PlainDecoder.FixedDecimal(data, Leaf.TypeLength, longs);
                    break;
                default:
                    PlainDecoder.BinaryDecimal(data, longs);
                    break;
            }

            Adjust(longs);
        }
        else if (typeof(T) == typeof(double) && Leaf.Physical == PhysicalKind.Float)
        {
            PlainDecoder.FloatToDouble(data, MemoryMarshal.Cast<T, double>(values));
        }
        else if (typeof(T) == typeof(bool))
        {
            PlainDecoder.Bits(data, MemoryMarshal.Cast<T, bool>(values));
        }
        else
        {
            PlainDecoder.Fixed(data, values);
        }
    }

    private void FromLongs(ReadOnlySpan<long> longs, Span<T> values)
    {
        if (typeof(T) == typeof(long))
        {
            var target = MemoryMarshal.Cast<T, long>(values);
            for (var i = 0; i < longs.Length; i++)
            {
                target[i] = Leaf.Adjust == ValueAdjust.Unsigned32 ? (uint)longs[i] : longs[i];
            }

            Adjust(target);
        }
        else if (typeof(T) == typeof(int))
        {
            var target = MemoryMarshal.Cast<T, int>(values);
            for (var i = 0; i < longs.Length; i++)
            {
                target[i] = (int)longs[i];
            }
        }
        else
        {
            throw new CorruptDataException($"DELTA_BINARY_PACKED values for a {Leaf.Type} column");
        }
    }

    private void Adjust(Span<long> values)
    {
        switch (Leaf.Adjust)
        {
            case ValueAdjust.FromMillis:
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] *= 1000;
                }

                break;
            case ValueAdjust.FromNanos:
                for (var i = 0; i < values.Length; i++)
                {
                    var v = values[i];
                    values[i] = v >= 0 ? v / 1000 : ((v + 1) / 1000) - 1;
                }

                break;
        }
    }

    protected override void BeginOutput(int rows) => _output = Buffers.Rent<T>(rows);

    protected override void CopyDense(int valueIndex, int row, int count) =>
        _values.AsSpan(valueIndex, count).CopyTo(_output.AsSpan(row));

    protected override void SetNull(int row) => _output[row] = default;

    protected override Column EndOutput(int rows, ValidityMask? validity)
    {
        var column = new PrimitiveColumn<T>(Leaf.Type, _output, rows, validity);
        _output = [];
        return column;
    }

    protected override void AbandonOutput()
    {
        Buffers.Return(_output);
        _output = [];
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Buffers.Return(_values);
            Buffers.Return(_dictionary);
            Buffers.Return(_indices);
            Buffers.Return(_scratch);
            Buffers.Return(_split);
            _values = _dictionary = [];
            _indices = [];
            _scratch = [];
            _split = [];
        }

        base.Dispose(disposing);
    }
}
