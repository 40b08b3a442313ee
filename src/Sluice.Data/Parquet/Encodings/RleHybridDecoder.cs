using System.Buffers.Binary;

namespace Sluice.Data.Parquet.Encodings;

/// <summary>Decodes the RLE / bit-packing hybrid incrementally (a page's levels or indices are read across several batches).</summary>
internal sealed class RleHybridDecoder
{
    private byte[] _data = [];
    private int _position;
    private int _end;
    private int _bitWidth;
    private int _runRemaining;
    private bool _isRle;
    private int _rleValue;
    private long _bitPosition;
    private uint _mask;

    /// <summary>Starts decoding <paramref name="data"/>[<paramref name="start"/>..<paramref name="end"/>).</summary>
    public void Reset(byte[] data, int start, int end, int bitWidth)
    {
        if (bitWidth is < 0 or > 32)
        {
            throw new CorruptDataException($"bit width {bitWidth} is out of range");
        }

        _data = data;
        _position = start;
        _end = end;
        _bitWidth = bitWidth;
        _mask = bitWidth == 32 ? uint.MaxValue : (1u << bitWidth) - 1;
        _runRemaining = 0;
    }

    /// <summary>Fills <paramref name="destination"/> with the next values.</summary>
    /// <exception cref="CorruptDataException">The data ends before enough values were decoded.</exception>
    public void Read(Span<int> destination)
    {
        var done = 0;
        while (done < destination.Length)
        {
            if (_runRemaining == 0)
            {
                NextRun();
            }

            var n = Math.Min(_runRemaining, destination.Length - done);
            if (_isRle)
            {
                destination.Slice(done, n).Fill(_rleValue);
            }
            else
            {
                Unpack(destination.Slice(done, n));
            }

            done += n;
            _runRemaining -= n;
        }
    }

    /// <summary>Counts how many of the next <paramref name="count"/> values equal <paramref name="value"/>, consuming them.</summary>
    public int CountEqual(int value, int count, Span<int> scratch)
    {
        var equal = 0;
        while (count > 0)
        {
            var n = Math.Min(count, scratch.Length);
            var part = scratch[..n];
            Read(part);
            foreach (var v in part)
            {
                equal += v == value ? 1 : 0;
            }

            count -= n;
        }

        return equal;
    }

    private void NextRun()
    {
        var header = ReadVarint();
        if ((header & 1) == 0)
        {
            var count = header >> 1;
            if (count == 0 || count > int.MaxValue)
            {
                throw new CorruptDataException($"RLE run of {count} values");
            }

            var width = (_bitWidth + 7) / 8;
            if (_position + width > _end)
            {
                throw new CorruptDataException("RLE run value past the end of the data");
            }

            var value = 0;
            for (var b = 0; b < width; b++)
            {
                value |= _data[_position + b] << (8 * b);
            }

            _position += width;
            _isRle = true;
            _rleValue = value;
            _runRemaining = (int)count;
        }
        else
        {
            var groups = header >> 1;
            var bytes = (long)groups * _bitWidth;
            if (groups == 0 || groups * 8 > int.MaxValue)
            {
                throw new CorruptDataException($"bit-packed run of {groups} groups");
            }

            // The last run of a page may be cut short by writers; only the values actually read must be present.
            _isRle = false;
            _bitPosition = (long)_position * 8;
            _runRemaining = (int)(groups * 8);
            _position = (int)Math.Min(_end, _position + bytes);
        }
    }

    private void Unpack(Span<int> destination)
    {
        var bit = _bitPosition;
        var width = _bitWidth;
        var data = _data;
        var end = (long)_end * 8;
        if (bit + ((long)destination.Length * width) > end)
        {
            throw new CorruptDataException("bit-packed values past the end of the data");
        }

        for (var i = 0; i < destination.Length; i++)
        {
            var at = (int)(bit >> 3);
            ulong word;
            if (at + 8 <= data.Length)
            {
                word = BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(at));
            }
            else
            {
                word = 0;
                for (var k = 0; at + k < data.Length && k < 8; k++)
                {
                    word |= (ulong)data[at + k] << (8 * k);
                }
            }

            destination[i] = (int)((uint)(word >> (int)(bit & 7)) & _mask);
            bit += width;
        }

        _bitPosition = bit;
    }

    private ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _end)
            {
                throw new CorruptDataException("RLE/bit-packed data ends inside a run header");
            }

            var b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new CorruptDataException("run header varint too long");
    }
}
