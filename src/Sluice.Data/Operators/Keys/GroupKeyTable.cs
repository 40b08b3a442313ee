using Sluice.Data.Columns;

namespace Sluice.Data.Operators.Keys;

/// <summary>
/// An open-addressing hash table from composite int64 keys to dense ids (0, 1, 2, … in first-seen order).
/// Composite keys live in fixed-width rows (the key count plus a null-mask word) on pages of
/// <see cref="PageKeys"/> keys, so the table grows without copying its keys; each slot holds the id and the upper half
/// of the key's hash, which places the key when the slots grow and rules out most mismatches without reading the key.
/// With a single key column all null keys share one id. A single-key table whose keys turn out dense (see
/// GroupKeyTable.Direct.cs) switches to a direct-indexed array. Not thread-safe.
/// </summary>
internal sealed partial class GroupKeyTable
{
    private readonly int _keyCount;
    private readonly int _width;
    private const int PageShift = 12;
    private const int PageKeys = 1 << PageShift;

    // Single-key tables: the id-ordered copy of the keys (see EnsureDenseKeys). Composite tables: _pages.
    private long[] _keys = [];
    private long[][] _pages = [];
    private long[] _slots = [];
    private int _slotBits;
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
        if (keyCount == 1)
        {
            _entries = new Entry[SlotCountFor(capacity)];
        }
        else
        {
            _slots = new long[SlotCountFor(capacity)];
            _slotBits = System.Numerics.BitOperations.Log2((uint)_slots.Length);
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

        var page = _pages[id >> PageShift];
        var at = (id & (PageKeys - 1)) * _width;
        page.AsSpan(at, _keyCount).CopyTo(values);
        return (ulong)page[at + _keyCount];
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

        return GetOrAdd(values, nullMask, HashOf(values, nullMask));
    }

    /// <summary>
    /// The id of a composite key whose hash (see <see cref="HashOf"/>) the caller computed, column by column for a
    /// whole batch; adds it when new.
    /// </summary>
    public int GetOrAdd(ReadOnlySpan<long> values, ulong nullMask, ulong hash)
    {
        var found = Find(values, nullMask, hash, out var slot);
        if (found >= 0)
        {
            return found;
        }

        var id = _count;
        if ((id >> PageShift) == _pages.Length)
        {
            Array.Resize(ref _pages, Math.Max(4, _pages.Length * 2));
        }

        var page = _pages[id >> PageShift] ??= new long[PageKeys * _width];
        var at = (id & (PageKeys - 1)) * _width;
        for (var k = 0; k < _keyCount; k++)
        {
            page[at + k] = (nullMask & (1UL << k)) != 0 ? 0 : values[k];
        }

        page[at + _keyCount] = (long)nullMask;
        _count++;
        _slots[slot] = (long)((hash & 0xFFFF_FFFF_0000_0000UL) | (uint)(id + 1));
        if (_count * 10L > _slots.Length * 7L)
        {
            GrowSlots();
        }

        return id;
    }

    /// <summary>The id of a composite key, or -1.</summary>
    public int Find(ReadOnlySpan<long> values, ulong nullMask) =>
        _keyCount == 1 ? (nullMask == 0 ? Find(values[0]) : _nullId) : Find(values, nullMask, HashOf(values, nullMask), out _);

    /// <summary>The id of a composite key whose hash the caller computed, or -1.</summary>
    public int Find(ReadOnlySpan<long> values, ulong nullMask, ulong hash) => Find(values, nullMask, hash, out _);

    private int Find(ReadOnlySpan<long> values, ulong nullMask, ulong hash, out int slot)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        var tag = hash >> 32;
        slot = (int)(hash >> (64 - _slotBits));
        long e;
        while ((e = slots[slot]) != 0)
        {
            if ((ulong)e >> 32 == tag)
            {
                var id = (int)(uint)e - 1;
                var page = _pages[id >> PageShift];
                var at = (id & (PageKeys - 1)) * _width;
                if ((ulong)page[at + _keyCount] == nullMask && Equal(page.AsSpan(at, _keyCount), values, nullMask))
                {
                    return id;
                }
            }

            slot = (slot + 1) & mask;
        }

        return -1;
    }

    private static bool Equal(ReadOnlySpan<long> stored, ReadOnlySpan<long> values, ulong nullMask)
    {
        if (nullMask == 0)
        {
            return stored.SequenceEqual(values[..stored.Length]);
        }

        for (var k = 0; k < stored.Length; k++)
        {
            if ((nullMask & (1UL << k)) == 0 && stored[k] != values[k])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The hash of a composite key: the null mask, then each key value (0 where null), chained.</summary>
    public static ulong HashOf(ReadOnlySpan<long> values, ulong nullMask)
    {
        var h = ByteHash.Hash((long)nullMask);
        for (var k = 0; k < values.Length; k++)
        {
            h = ByteHash.Hash((long)(h ^ (ulong)((nullMask & (1UL << k)) != 0 ? 0 : values[k])));
        }

        return h;
    }

    /// <summary>Doubles the slots; the hash half kept in each slot places it, so no key is read or hashed again.</summary>
    private void GrowSlots()
    {
        var bits = _slotBits + 1;
        var slots = new long[1L << bits];
        var mask = slots.Length - 1;
        foreach (var e in _slots)
        {
            if (e == 0)
            {
                continue;
            }

            var slot = (int)((ulong)e >> (64 - bits));
            while (slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            slots[slot] = e;
        }

        _slots = slots;
        _slotBits = bits;
    }
}
