using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Sluice.Data.Parquet.Encodings;

/// <summary>Decodes PLAIN values (little-endian fixed width, length-prefixed byte arrays, LSB-first bits), bounds-checked.</summary>
internal static class PlainDecoder
{
    public static void Fixed<T>(ReadOnlySpan<byte> data, Span<T> destination)
        where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(destination);
        if (data.Length < bytes.Length)
        {
            throw new CorruptDataException($"PLAIN values need {bytes.Length} bytes, the page has {data.Length}");
        }

        data[..bytes.Length].CopyTo(bytes);
    }

    public static void Int32ToInt64(ReadOnlySpan<byte> data, Span<long> destination, bool unsigned)
    {
        Need(data, destination.Length * 4L);
        for (var i = 0; i < destination.Length; i++)
        {
            var v = BinaryPrimitives.ReadInt32LittleEndian(data[(i * 4)..]);
            destination[i] = unsigned ? (uint)v : v;
        }
    }

    public static void FloatToDouble(ReadOnlySpan<byte> data, Span<double> destination)
    {
        Need(data, destination.Length * 4L);
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(i * 4)..]);
        }
    }

    /// <summary>INT96 legacy timestamps: nanoseconds of the day (8 bytes) then the Julian day (4 bytes), to microseconds since the epoch.</summary>
    public static void Int96ToMicros(ReadOnlySpan<byte> data, Span<long> destination)
    {
        const long JulianEpochDay = 2_440_588;
        Need(data, destination.Length * 12L);
        for (var i = 0; i < destination.Length; i++)
        {
            var nanos = BinaryPrimitives.ReadInt64LittleEndian(data[(i * 12)..]);
            var day = BinaryPrimitives.ReadInt32LittleEndian(data[((i * 12) + 8)..]);
            destination[i] = ((day - JulianEpochDay) * 86_400_000_000L) + (nanos / 1000);
        }
    }

    /// <summary>Big-endian two's complement integers of <paramref name="width"/> bytes (FIXED_LEN_BYTE_ARRAY decimals).</summary>
    public static void FixedDecimal(ReadOnlySpan<byte> data, int width, Span<long> destination)
    {
        Need(data, (long)destination.Length * width);
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = BigEndian(data.Slice(i * width, width));
        }
    }

    /// <summary>Length-prefixed big-endian two's complement integers (BYTE_ARRAY decimals); returns the bytes consumed.</summary>
    public static int BinaryDecimal(ReadOnlySpan<byte> data, Span<long> destination)
    {
        var at = 0;
        for (var i = 0; i < destination.Length; i++)
        {
            var length = Length(data, at);
            destination[i] = BigEndian(data.Slice(at + 4, length));
            at += 4 + length;
        }

        return at;
    }

    /// <summary>Byte arrays: fills each value's start and length within <paramref name="data"/>.</summary>
    public static void ByteArrays(ReadOnlySpan<byte> data, Span<int> starts, Span<int> lengths)
    {
        var at = 0;
        for (var i = 0; i < starts.Length; i++)
        {
            var length = Length(data, at);
            starts[i] = at + 4;
            lengths[i] = length;
            at += 4 + length;
        }
    }

    public static void Bits(ReadOnlySpan<byte> data, Span<bool> destination)
    {
        Need(data, (destination.Length + 7L) / 8);
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = (data[i >> 3] & (1 << (i & 7))) != 0;
        }
    }

    private static int Length(ReadOnlySpan<byte> data, int at)
    {
        if (at + 4 > data.Length)
        {
            throw new CorruptDataException("a byte array length runs past the end of the page");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(data[at..]);
        if (length < 0 || at + 4L + length > data.Length)
        {
            throw new CorruptDataException($"a byte array of {length} bytes runs past the end of the page");
        }

        return length;
    }

    /// <summary>A big-endian two's complement integer of up to 8 significant bytes.</summary>
    public static long BigEndian(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return 0;
        }

        // Wider encodings (FIXED_LEN_BYTE_ARRAY(16) of a DECIMAL(18, s)) carry only sign-extension bytes in front.
        long value = (sbyte)bytes[0];
        for (var i = 1; i < bytes.Length; i++)
        {
            value = (value << 8) | bytes[i];
        }

        return value;
    }

    private static void Need(ReadOnlySpan<byte> data, long bytes)
    {
        if (data.Length < bytes)
        {
            throw new CorruptDataException($"PLAIN values need {bytes} bytes, the page has {data.Length}");
        }
    }
}
