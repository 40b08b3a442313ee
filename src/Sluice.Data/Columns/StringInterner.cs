namespace Sluice.Data.Columns;

/// <summary>
/// Maps byte strings to dense ids (0, 1, 2, … in first-seen order) and back. Used to turn strings into
/// small integer keys for hashing, grouping and joining. Not thread-safe.
/// </summary>
internal sealed class StringInterner
{
    private Utf8Builder _values = new(256, 4096);
    private ulong[] _hashes = new ulong[256];
    private int[] _slots = new int[512];

    public int Count => _values.Count;

    public ReadOnlySpan<byte> this[int id] => _values.GetBytes(id);

    public int Intern(ReadOnlySpan<byte> value) => Intern(value, ByteHash.Hash(value));

    public int Intern(ReadOnlySpan<byte> value, ulong hash)
    {
        var mask = _slots.Length - 1;
        var slot = (int)hash & mask;
        int e;
        while ((e = _slots[slot]) != 0)
        {
            if (_hashes[e - 1] == hash && _values.GetBytes(e - 1).SequenceEqual(value))
            {
                return e - 1;
            }

            slot = (slot + 1) & mask;
        }

        var id = _values.Count;
        _values.Append(value);
        if (id == _hashes.Length)
        {
            Array.Resize(ref _hashes, id * 2);
        }

        _hashes[id] = hash;
        _slots[slot] = id + 1;
        if ((id + 1) * 2 > _slots.Length)
        {
            Rehash();
        }

        return id;
    }

    /// <summary>The id of <paramref name="value"/>, or -1 when it was never interned.</summary>
    public int Find(ReadOnlySpan<byte> value)
    {
        var hash = ByteHash.Hash(value);
        var mask = _slots.Length - 1;
        var slot = (int)hash & mask;
        int e;
        while ((e = _slots[slot]) != 0)
        {
            if (_hashes[e - 1] == hash && _values.GetBytes(e - 1).SequenceEqual(value))
            {
                return e - 1;
            }

            slot = (slot + 1) & mask;
        }

        return -1;
    }

    private void Rehash()
    {
        var slots = new int[_slots.Length * 2];
        var mask = slots.Length - 1;
        for (var id = 0; id < _values.Count; id++)
        {
            var slot = (int)_hashes[id] & mask;
            while (slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            slots[slot] = id + 1;
        }

        _slots = slots;
    }

    /// <summary>Copies the interned values, in id order, into a new string column.</summary>
    public StringColumn ToColumn()
    {
        var b = new Utf8Builder(Count, 1024);
        for (var i = 0; i < Count; i++)
        {
            b.Append(_values.GetBytes(i));
        }

        return b.Build();
    }
}
