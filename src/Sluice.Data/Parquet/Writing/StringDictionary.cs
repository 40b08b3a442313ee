using System.Buffers.Binary;
using Sluice.Data.Columns;
using Sluice.Data.Parquet.Encodings;

namespace Sluice.Data.Parquet.Writing;

/// <summary>
/// The distinct values of a string column chunk, kept directly in PLAIN encoding (4-byte length + bytes per entry,
/// which is the dictionary page body) with an open-addressing hash index.
/// </summary>
internal sealed class StringDictionary : IDisposable
{
    private readonly ByteBuffer _plain = new(1 << 12);
    private int[] _offsets = new int[256];
    private ulong[] _hashes = new ulong[256];
    private int[] _slots = new int[512];
    private int _count;

    public int Count => _count;

    public ReadOnlyMemory<byte> PlainBytes => _plain.Memory;

    public ReadOnlySpan<byte> Get(int index)
    {
        var at = _offsets[index];
        var span = _plain.Span;
        return span.Slice(at + 4, BinaryPrimitives.ReadInt32LittleEndian(span[at..]));
    }

    /// <summary>The index of <paramref name="value"/>, or -1; <paramref name="hash"/> is reusable by <see cref="Add"/>.</summary>
    public int Find(ReadOnlySpan<byte> value, out ulong hash)
    {
        hash = ByteHash.Hash(value);
        var mask = _slots.Length - 1;
        var slot = (int)hash & mask;
        int e;
        while ((e = _slots[slot]) != 0)
        {
            if (_hashes[e - 1] == hash && Get(e - 1).SequenceEqual(value))
            {
                return e - 1;
            }

            slot = (slot + 1) & mask;
        }

        return -1;
    }

    public int Add(ReadOnlySpan<byte> value, ulong hash)
    {
        if (_count == _offsets.Length)
        {
            Array.Resize(ref _offsets, _count * 2);
            Array.Resize(ref _hashes, _count * 2);
        }

        if ((_count + 1) * 2 > _slots.Length)
        {
            Rehash(_slots.Length * 2);
        }

        var index = _count++;
        _offsets[index] = _plain.Length;
        _hashes[index] = hash;
        _plain.WriteInt32(value.Length);
        _plain.Write(value);
        Insert(index, hash);
        return index;
    }

    private void Insert(int index, ulong hash)
    {
        var mask = _slots.Length - 1;
        var slot = (int)hash & mask;
        while (_slots[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }

        _slots[slot] = index + 1;
    }

    private void Rehash(int size)
    {
        _slots = new int[size];
        for (var i = 0; i < _count; i++)
        {
            Insert(i, _hashes[i]);
        }
    }

    public void Clear()
    {
        _plain.Clear();
        Array.Clear(_slots);
        _count = 0;
    }

    public void Dispose() => _plain.Dispose();
}
