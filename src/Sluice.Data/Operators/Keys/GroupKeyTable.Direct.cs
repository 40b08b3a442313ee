using Sluice.Data.Columns;

namespace Sluice.Data.Operators.Keys;

/// <summary>
/// Direct indexing for dense single-column keys (auto-increment ids, small integer codes, day numbers): when the
/// keys seen so far span at most <see cref="DenseFactor"/> times their count, the table keeps an
/// <c>int[]</c> indexed by <c>key − base</c> instead of hashing. Lookups then touch memory in key order, which
/// for keys that arrive roughly sorted is sequential, and cost 4 bytes per possible key instead of about 23 per
/// key. The switch is checked when the hash table grows; a key that would make the array too sparse moves the
/// table back to hashing for good. Ids stay the same across both switches.
/// </summary>
internal sealed partial class GroupKeyTable
{
    /// <summary>How many array slots per distinct key direct indexing may use.</summary>
    private const int DenseFactor = 4;

    /// <summary>Largest direct array (slots).</summary>
    private const int MaxDirectLength = 1 << 28;

    private int[]? _direct;
    private long _directBase;
    private long _min = long.MaxValue;
    private long _max = long.MinValue;
    private bool _directRuledOut;

    /// <summary>True while the table indexes directly (for tests and diagnostics).</summary>
    internal bool IsDirect => _direct is not null;

    private void TrackRange(long key)
    {
        if (key < _min)
        {
            _min = key;
        }

        if (key > _max)
        {
            _max = key;
        }
    }

    /// <summary>Switches to direct indexing when the keys so far are dense enough.</summary>
    private void TryGoDirect()
    {
        if (_directRuledOut || _min > _max)
        {
            return;
        }

        var span = (ulong)(_max - _min) + 1;
        var keys = (ulong)(_nullId >= 0 ? _count - 1 : _count);
        if (span == 0 || span > keys * DenseFactor || span > MaxDirectLength)
        {
            return;
        }

        // Headroom above the range: keys that keep increasing are the common case.
        var length = (int)Math.Min(MaxDirectLength, span + (span / 2) + 64);
        var direct = new int[length];
        foreach (var e in _entries)
        {
            if (e.IdPlusOne != 0)
            {
                direct[(int)(e.Key - _min)] = e.IdPlusOne;
            }
        }

        _direct = direct;
        _directBase = _min;
        _entries = [];
    }

    private int DirectGetOrAdd(long key)
    {
        var direct = _direct!;
        var offset = unchecked((ulong)(key - _directBase));
        if (offset < (ulong)direct.Length)
        {
            ref var slot = ref direct[(int)offset];
            if (slot != 0)
            {
                return slot - 1;
            }

            var id = _count++;
            _denseValid = false;
            slot = id + 1;
            return id;
        }

        if (!TryWidenDirect(key))
        {
            LeaveDirect();
            return GetOrAdd(key);
        }

        return DirectGetOrAdd(key);
    }

    private int DirectFind(long key)
    {
        var direct = _direct!;
        var offset = unchecked((ulong)(key - _directBase));
        return offset < (ulong)direct.Length ? direct[(int)offset] - 1 : -1;
    }

    /// <summary>Grows the array to cover <paramref name="key"/> when the table stays dense enough.</summary>
    private bool TryWidenDirect(long key)
    {
        var direct = _direct!;
        var low = Math.Min(_directBase, key);
        long high;
        try
        {
            high = Math.Max(checked(_directBase + direct.Length - 1), key);
            var span = (ulong)checked(high - low) + 1;
            var keys = (ulong)(_nullId >= 0 ? _count - 1 : _count) + 1;
            if (span > keys * DenseFactor || span > MaxDirectLength)
            {
                return false;
            }

            var length = (int)Math.Min(MaxDirectLength, Math.Max(span + (span / 2), (ulong)direct.Length * 2));
            // Grow towards the side the new key is on.
            var newBase = key < _directBase ? checked(high - length + 1) : low;
            var widened = new int[length];
            direct.CopyTo(widened, (int)(_directBase - newBase));
            _direct = widened;
            _directBase = newBase;
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>Moves the keys back into the hash slots, for good.</summary>
    private void LeaveDirect()
    {
        var direct = _direct!;
        _direct = null;
        _directRuledOut = true;
        _entries = new Entry[SlotCountFor(_count + 1)];
        var mask = _entries.Length - 1;
        for (var i = 0; i < direct.Length; i++)
        {
            if (direct[i] == 0)
            {
                continue;
            }

            var key = _directBase + i;
            var slot = (int)ByteHash.Hash(key) & mask;
            while (_entries[slot].IdPlusOne != 0)
            {
                slot = (slot + 1) & mask;
            }

            _entries[slot] = new Entry { Key = key, IdPlusOne = direct[i] };
        }
    }

    private void DirectCopyKeys(long[] keys)
    {
        var direct = _direct!;
        for (var i = 0; i < direct.Length; i++)
        {
            if (direct[i] != 0)
            {
                keys[direct[i] - 1] = _directBase + i;
            }
        }
    }
}
