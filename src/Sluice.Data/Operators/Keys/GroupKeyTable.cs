using Sluice.Data.Columns;

namespace Sluice.Data.Operators.Keys;

/// <summary>
/// An open-addressing hash table from composite int64 keys to dense ids (0, 1, 2, … in first-seen order).
/// Keys live in one flat array (width = key count, plus a null-mask word when there are several key columns);
/// with a single key column all null keys share one id. A single-key table whose keys turn out dense (see
/// GroupKeyTable.Direct.cs) switches to a direct-indexed array. Not thread-safe.
/// </summary>
internal sealed partial class GroupKeyTable
{
    private readonly int _keyCount;
    private readonly int _width;
    private long[] _keys;
    private int[] _slots;
    private int _count;
    private int _nullId = -1;

    // Single-key tables keep the key next to its id in the slot, so a probe costs one cache miss.
    private Entry[] _entries = [];

    private struct Entry
    {
        public long Key;
        public int IdPlusOne;
    }

    public GroupKeyTable(int keyCount, int capacity = 1024)
    {
        _keyCount = keyCount;
        _width = keyCount == 1 ? 1 : keyCount + 1;
        _keys = keyCount == 1 ? [] : new long[Math.Max(capacity, 16) * _width];
        if (keyCount == 1)
        {
            _slots = [];
            _entries = new Entry[SlotCountFor(capacity)];
        }
        else
        {
            _slots = new int[SlotCountFor(capacity)];
        }
    }

    public int Count => _count;

    public int KeyCount => _keyCount;

    private static int SlotCountFor(int capacity) => (int)Math.Max(64, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(capacity * 2)));

    /// <summary>The key values of an id and its null mask (bit k set = key column k is null).</summary>
    public ulong GetKey(int id, Span<long> values)
    {
        if (_keyCount == 1)
        {
            EnsureDenseKeys();
            values[0] = _keys[id];
            return id == _nullId ? 1UL : 0UL;
        }

        _keys.AsSpan(id * _width, _keyCount).CopyTo(values);
        return (ulong)_keys[(id * _width) + _keyCount];
    }

    /// <summary>The id of a single non-null key, adding it when new.</summary>
    public int GetOrAdd(long key)
    {
        if (_direct is not null)
        {
            return DirectGetOrAdd(key);
        }

        var entries = _entries;
        var mask = entries.Length - 1;
        var slot = (int)ByteHash.Hash(key) & mask;
        while (true)
        {
            ref var e = ref entries[slot];
            if (e.IdPlusOne == 0)
            {
                var id = _count++;
                _denseValid = false;
                e.Key = key;
                e.IdPlusOne = id + 1;
                TrackRange(key);
                if (_count * 10 > entries.Length * 7)
                {
                    GrowEntries();
                    TryGoDirect();
                }

                return id;
            }

            if (e.Key == key)
            {
                return e.IdPlusOne - 1;
            }

            slot = (slot + 1) & mask;
        }
    }

    /// <summary>The id of a single non-null key, or -1.</summary>
    public int Find(long key)
    {
        if (_direct is not null)
        {
            return DirectFind(key);
        }

        var entries = _entries;
        var mask = entries.Length - 1;
        var slot = (int)ByteHash.Hash(key) & mask;
        while (true)
        {
            ref var e = ref entries[slot];
            if (e.IdPlusOne == 0)
            {
                return -1;
            }

            if (e.Key == key)
            {
                return e.IdPlusOne - 1;
            }

            slot = (slot + 1) & mask;
        }
    }

    private bool _denseValid = true;

    /// <summary>Single-key tables keep keys only in the slots; the id-ordered copy is built when first needed.</summary>
    private void EnsureDenseKeys()
    {
        if (_denseValid)
        {
            return;
        }

        if (_keys.Length < _count)
        {
            _keys = new long[_count];
        }

        if (_direct is not null)
        {
            DirectCopyKeys(_keys);
        }
        else
        {
            foreach (var e in _entries)
            {
                if (e.IdPlusOne != 0)
                {
                    _keys[e.IdPlusOne - 1] = e.Key;
                }
            }
        }

        if (_nullId >= 0)
        {
            _keys[_nullId] = 0;
        }

        _denseValid = true;
    }

    private void GrowEntries()
    {
        var entries = new Entry[_entries.Length * 2];
        var mask = entries.Length - 1;
        foreach (var e in _entries)
        {
            if (e.IdPlusOne == 0)
            {
                continue;
            }

            var slot = (int)ByteHash.Hash(e.Key) & mask;
            while (entries[slot].IdPlusOne != 0)
            {
                slot = (slot + 1) & mask;
            }

            entries[slot] = e;
        }

        _entries = entries;
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
                _nullId = _count++;
                _denseValid = false;
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
        if (_keyCount == 1 || _count * 2 <= _slots.Length)
        {
            return;
        }

        var slots = new int[_slots.Length * 2];
        var mask = slots.Length - 1;
        for (var id = 0; id < _count; id++)
        {
            var h = HashOf(_keys.AsSpan(id * _width, _keyCount), (ulong)_keys[(id * _width) + _keyCount]);
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
