using System.Buffers.Binary;

namespace Sluice.Data.Parquet.Encodings;

/// <summary>
/// Decodes the delta encodings of format v2 pages: DELTA_BINARY_PACKED integers (blocks of miniblocks of bit-packed
/// deltas over a per-block minimum), DELTA_LENGTH_BYTE_ARRAY (delta-packed lengths, then the bytes) and
/// DELTA_BYTE_ARRAY (delta-packed prefix lengths shared with the previous value, then DELTA_LENGTH_BYTE_ARRAY suffixes).
/// </summary>
internal static class DeltaDecoder
{
    /// <summary>Decodes <paramref name="destination"/>.Length integers; returns the bytes consumed.</summary>
    public static int BinaryPacked(ReadOnlySpan<byte> data, Span<long> destination)
    {
        var at = 0;
        var blockSize = (long)Varint(data, ref at);
        var miniblocks = (long)Varint(data, ref at);
        var total = (long)Varint(data, ref at);
        var previous = ZigZag(Varint(data, ref at));
        if (blockSize <= 0 || miniblocks <= 0 || blockSize % miniblocks != 0 || blockSize / miniblocks % 8 != 0 || blockSize > 1 << 20)
        {
            throw new CorruptDataException($"DELTA_BINARY_PACKED block of {blockSize} values in {miniblocks} miniblocks");
        }

        if (total < destination.Length)
        {
            throw new CorruptDataException($"DELTA_BINARY_PACKED holds {total} values, the page needs {destination.Length}");
        }

        if (total == 0)
        {
            return at;
        }

        var perMini = (int)(blockSize / miniblocks);
        if (destination.Length > 0)
        {
            destination[0] = previous;
        }

        var done = 1L;
        while (done < total)
        {
            var minDelta = ZigZag(Varint(data, ref at));
            if (at + miniblocks > data.Length)
            {
                throw new CorruptDataException("DELTA_BINARY_PACKED bit widths past the end of the page");
            }

            var widths = data.Slice(at, (int)miniblocks);
            at += (int)miniblocks;
            for (var m = 0; m < miniblocks && done < total; m++)
            {
                int width = widths[m];
                if (width > 64)
                {
                    throw new CorruptDataException($"DELTA_BINARY_PACKED bit width {width}");
                }

                var bytes = perMini * width / 8;
                if (at + bytes > data.Length)
                {
                    throw new CorruptDataException("DELTA_BINARY_PACKED miniblock past the end of the page");
                }

                var block = data.Slice(at, bytes);
                for (var i = 0; i < perMini && done < total; i++)
                {
                    previous = unchecked(previous + minDelta + (long)Bits(block, (long)i * width, width));
                    if (done < destination.Length)
                    {
                        destination[(int)done] = previous;
                    }

                    done++;
                }

                at += bytes;
            }
        }

        return at;
    }

    /// <summary>Decodes byte arrays: starts and lengths relative to <paramref name="data"/>.</summary>
    public static void LengthByteArray(ReadOnlySpan<byte> data, Span<int> starts, Span<int> lengths, Span<long> scratch)
    {
        var at = BinaryPacked(data, scratch[..starts.Length]);
        for (var i = 0; i < starts.Length; i++)
        {
            var length = scratch[i];
            if (length < 0 || at + length > data.Length)
            {
                throw new CorruptDataException($"a byte array of {length} bytes runs past the end of the page");
            }

            starts[i] = at;
            lengths[i] = (int)length;
            at += (int)length;
        }
    }

    /// <summary>Decodes prefix-compressed byte arrays into <paramref name="output"/>; starts and lengths index into it.</summary>
    public static void ByteArray(ReadOnlySpan<byte> data, Span<int> starts, Span<int> lengths, Span<long> scratch, ByteBuffer output)
    {
        var n = starts.Length;
        var prefixes = new long[n];
        var at = BinaryPacked(data, prefixes);
        LengthByteArray(data[at..], starts, lengths, scratch);
        var suffixBase = at;
        var previousStart = 0;
        var previousLength = 0;
        output.Clear();
        for (var i = 0; i < n; i++)
        {
            var prefix = prefixes[i];
            if (prefix < 0 || prefix > previousLength)
            {
                throw new CorruptDataException($"DELTA_BYTE_ARRAY prefix of {prefix} bytes is longer than the previous value");
            }

            var start = output.Length;
            var target = output.GetSpan((int)prefix + lengths[i]);
            output.Span.Slice(previousStart, (int)prefix).CopyTo(target);
            data.Slice(suffixBase + starts[i], lengths[i]).CopyTo(target[(int)prefix..]);
            output.Advance((int)prefix + lengths[i]);
            previousStart = start;
            previousLength = output.Length - start;
            starts[i] = start;
            lengths[i] = previousLength;
        }
    }

    /// <summary>BYTE_STREAM_SPLIT: byte k of value i is at k * count + i; gathers the values' bytes back together.</summary>
    public static void StreamSplit(ReadOnlySpan<byte> data, int count, int width, Span<byte> output)
    {
        if ((long)count * width > data.Length)
        {
            throw new CorruptDataException("BYTE_STREAM_SPLIT values past the end of the page");
        }

        for (var k = 0; k < width; k++)
        {
            var stream = data.Slice(k * count, count);
            for (var i = 0; i < count; i++)
            {
                output[(i * width) + k] = stream[i];
            }
        }
    }

    private static ulong Bits(ReadOnlySpan<byte> data, long bit, int width)
    {
        if (width == 0)
        {
            return 0;
        }

        var at = (int)(bit >> 3);
        var shift = (int)(bit & 7);
        if (width <= 56 && at + 8 <= data.Length)
        {
            return (BinaryPrimitives.ReadUInt64LittleEndian(data[at..]) >> shift) & ((1UL << width) - 1);
        }

        ulong result = 0;
        var got = 0;
        while (got < width)
        {
            var take = Math.Min(8 - shift, width - got);
            result |= (ulong)((data[at] >> shift) & ((1 << take) - 1)) << got;
            got += take;
            at++;
            shift = 0;
        }

        return result;
    }

    private static ulong Varint(ReadOnlySpan<byte> data, ref int at)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (at >= data.Length)
            {
                throw new CorruptDataException("a varint runs past the end of the page");
            }

            var b = data[at++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new CorruptDataException("varint too long");
    }

    private static long ZigZag(ulong u) => (long)(u >> 1) ^ -(long)(u & 1);
}
