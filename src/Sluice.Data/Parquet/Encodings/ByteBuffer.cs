using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Sluice.Data.Parquet.Encodings;

/// <summary>A growable byte buffer on pooled arrays (page and chunk assembly). Dispose returns the array.</summary>
internal sealed class ByteBuffer : IBufferWriter<byte>, IDisposable
{
    private byte[] _array;
    private int _length;

    public ByteBuffer(int capacity = 4096) => _array = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 256));

    public int Length => _length;

    public ReadOnlySpan<byte> Span => _array.AsSpan(0, _length);

    /// <summary>The underlying array (valid up to <see cref="Length"/>; replaced when the buffer grows).</summary>
    public byte[] RawArray => _array;

    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, _length);

    public void Clear() => _length = 0;

    public void Advance(int count) => _length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 1));
        return _array.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 1));
        return _array.AsSpan(_length);
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        Ensure(data.Length);
        data.CopyTo(_array.AsSpan(_length));
        _length += data.Length;
    }

    public void WriteByte(byte value)
    {
        Ensure(1);
        _array[_length++] = value;
    }

    public void WriteInt32(int value)
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32LittleEndian(_array.AsSpan(_length), value);
        _length += 4;
    }

    /// <summary>Appends fixed-width values in their little-endian memory layout (PLAIN encoding).</summary>
    public void WriteValues<T>(ReadOnlySpan<T> values)
        where T : unmanaged => Write(MemoryMarshal.AsBytes(values));

    public void WriteVarint(uint value)
    {
        Ensure(5);
        while (value >= 0x80)
        {
            _array[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _array[_length++] = (byte)value;
    }

    /// <summary>Overwrites 4 bytes at <paramref name="position"/> (a length prefix written before its content was known).</summary>
    public void PatchInt32(int position, int value) => BinaryPrimitives.WriteInt32LittleEndian(_array.AsSpan(position), value);

    private void Ensure(int extra)
    {
        if (_length + extra <= _array.Length)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_length + extra, _array.Length * 2));
        _array.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_array);
        _array = bigger;
    }

    public void Dispose()
    {
        if (_array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = [];
            _length = 0;
        }
    }
}
