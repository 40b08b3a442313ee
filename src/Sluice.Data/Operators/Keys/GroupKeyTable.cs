using Sluice.Data.Columns;

namespace Sluice.Data.Operators.Keys;

/// <summary>
/// An open-addressing hash table from composite int64 keys to dense ids (0, 1, 2, … in first-seen order).
/// Keys live in one flat array (width = key count, plus a null-mask word when there are several key columns);
/// with a single key column all null keys share one id. Not thread-safe.
/// </summary>
internal sealed class GroupKeyTable
{
    private readonly int _keyCount;
    private readonly int _width;
    private long[] _keys;
    private int[] _slots;
    private int _count;
    private int _nullId = -1;

    public GroupKeyTable(int keyCount, int capacity = 1024)
    {
        _keyCount = keyCount;
        _width = keyCount == 1 ? 1 : keyCount + 1;
        _keys = new long[Math.Max(capacity, 16) * _width];
        _slots = new int[SlotCountFor(capacity)];
    }

    public int Count => _count;

    public int KeyCount => _keyCount;

    private static int SlotCountFor(int capacity) => (int)Math.Max(64, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(capacity * 2)));

    /// <summary>The key values of an id and its null mask (bit k set = key column k is null).</summary>
    public ulong GetKey(int id, Span<long> values)
    {
        if (_keyCount == 1)
        {
            values[0] = _keys[id];
            return id == _nullId ? 1UL : 0UL;
        }

        _keys.AsSpan(id * _width, _keyCount).CopyTo(values);
        return (ulong)_keys[(id * _width) + _keyCount];
    }

    /// <summary>The id of a single non-null key, adding it when new.</summary>
    public int GetOrAdd(long key)
    {
        var mask = _slots.Length - 1;
        var slot = (int)ByteHash.Hash(key) & mask;
        int e;
        while ((e = _slots[slot]) != 0)
        {
            if (_keys[e - 1] == key)
            {
                return e - 1;
            }

            slot = (slot + 1) & mask;
        }

        var id = NewEntry();
        _keys[id] = key;
        _slots[slot] = id + 1;
        GrowIfNeeded();
        return id;
    }

    /// <summary>The id of a single non-null key, or -1.</summary>
    public int Find(long key)
    {
        var mask = _slots.Length - 1;
        var slot = (int)ByteHash.Hash(key) & mask;
        int e;
        while ((e = _slots[slot]) != 0)
        {
            if (_keys[e - 1] == key)
            {
                return e - 1;
            }

            slot = (slot + 1) & mask;
        }

        return -1;
    }

    /// <summary>The id of a composite key (values plus null mask), adding it when new.</summary>
    public int GetOrAdd(ReadOnlySpan<long> values, ulong nullMask)
    {
        if (_keyCount == 1)
        {
            if (nullMask == 0)
            {
                return GetOrAdd(values[0]);
            }

            if (_nullId < 0)
            {
                _nullId = NewEntry();
                _keys[_nullId] = 0;
            }

            return _nullId;
        }

        var found = Find(values, nullMask, out var slot);
        if (found >= 0)
        {
            return found;
        }

        var id = NewEntry();
        var at = id * _width;
        for (var k = 0; k < _keyCount; k++)
        {
            _keys[at + k] = (nullMask & (1UL << k)) != 0 ? 0 : values[k];
        }

        _keys[at + _keyCount] = (long)nullMask;
        _slots[slot] = id + 1;
        GrowIfNeeded();
        return id;
    }

    /// <summary>The id of a composite key, or -1.</summary>
    public int Find(ReadOnlySpan<long> values, ulong nullMask) =>
        _keyCount == 1 ? (nullMask == 0 ? Find(values[0]) : _nullId) : Find(values, nullMask, out _);

    private int Find(ReadOnlySpan<long> values, ulong nullMask, out int slot)
    {
        var mask = _slots.Length - 1;
        slot = (int)HashOf(values, nullMask) & mask;
        int e;
        while ((e = _slots[slot]) != 0)
        {
            var at = (e - 1) * _width;
            if ((ulong)_keys[at + _keyCount] == nullMask && Equal(at, values, nullMask))
            {
                return e - 1;
            }

            slot = (slot + 1) & mask;
        }

        return -1;
    }

    private bool Equal(int at, ReadOnlySpan<long> values, ulong nullMask)
    {
        for (var k = 0; k < _keyCount; k++)
        {
            if ((nullMask & (1UL << k)) == 0 && _keys[at + k] != values[k])
            {
                return false;
            }
        }

        return true;
    }

    private ulong HashOf(ReadOnlySpan<long> values, ulong nullMask)
    {
        var h = ByteHash.Hash((long)nullMask);
        for (var k = 0; k < _keyCount; k++)
        {
            h = ByteHash.Hash((long)(h ^ (ulong)((nullMask & (1UL << k)) != 0 ? 0 : values[k])));
        }

        return h;
    }

    private int NewEntry()
    {
        if ((_count + 1) * _width > _keys.Length)
        {
            Array.Resize(ref _keys, _keys.Length * 2);
        }

        return _count++;
    }

    private void GrowIfNeeded()
    {
        if (_count * 2 <= _slots.Length)
        {
            return;
        }

        var slots = new int[_slots.Length * 2];
        var mask = slots.Length - 1;
        for (var id = 0; id < _count; id++)
        {
            if (id == _nullId)
            {
                continue;
            }

            var h = _keyCount == 1 ? ByteHash.Hash(_keys[id]) : HashOf(_keys.AsSpan(id * _width, _keyCount), (ulong)_keys[(id * _width) + _keyCount]);
            var slot = (int)h & mask;
            while (slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            slots[slot] = id + 1;
        }

        _slots = slots;
    }
}
