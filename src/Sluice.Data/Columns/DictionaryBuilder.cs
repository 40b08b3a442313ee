namespace Sluice.Data.Columns;

/// <summary>
/// Builds a string column, dictionary-encoding it while the number of distinct values stays small
/// (at most <see cref="MaxDistinct"/>); past that it falls back to a plain <see cref="StringColumn"/>.
/// </summary>
internal sealed class DictionaryBuilder
{
    public const int MaxDistinct = 1024;
    private const int SlotCount = 4096;

    private Utf8Builder? _dictionary = new(64, 1024);
    private int[] _slots = new int[SlotCount];
    private ulong[] _hashes = new ulong[MaxDistinct];
    private int[] _codes;
    private int _count;
    private bool _anyNull;
    private Utf8Builder? _plain;

    public DictionaryBuilder(int capacity) => _codes = Buffers.Rent<int>(capacity);

    public int Count => _plain?.Count ?? _count;

    public void Append(ReadOnlySpan<byte> value)
    {
        if (_plain is not null)
        {
            _plain.Append(value);
            return;
        }

        var dictionary = _dictionary!;
        var h = ByteHash.Hash(value);
        const int mask = SlotCount - 1;
        var slot = (int)h & mask;
        int e;
        while ((e = _slots[slot]) != 0)
        {
            if (_hashes[e - 1] == h && dictionary.GetBytes(e - 1).SequenceEqual(value))
            {
                PushCode(e - 1);
                return;
            }

            slot = (slot + 1) & mask;
        }

        var code = dictionary.Count;
        if (code == MaxDistinct)
        {
            SwitchToPlain();
            _plain!.Append(value);
            return;
        }

        dictionary.Append(value);
        _hashes[code] = h;
        _slots[slot] = code + 1;
        PushCode(code);
    }

    public void AppendNull()
    {
        if (_plain is not null)
        {
            _plain.AppendNull();
        }
        else
        {
            _anyNull = true;
            PushCode(-1);
        }
    }

    public void Truncate(int count)
    {
        if (_plain is not null)
        {
            _plain.Truncate(count);
        }
        else
        {
            _count = count;
        }
    }

    private void PushCode(int code)
    {
        if (_count == _codes.Length)
        {
            Buffers.Grow(ref _codes, _count, _count + 1);
        }

        _codes[_count++] = code;
    }

    private void SwitchToPlain()
    {
        var dict = _dictionary!;
        var plain = new Utf8Builder(_codes.Length, _codes.Length * 16);
        for (var i = 0; i < _count; i++)
        {
            var c = _codes[i];
            if (c < 0)
            {
                plain.AppendNull();
            }
            else
            {
                plain.Append(dict.GetBytes(c));
            }
        }

        dict.Build().Dispose();
        Buffers.Return(_codes);
        _codes = [];
        _dictionary = null;
        _plain = plain;
    }

    public Utf8Column Build()
    {
        if (_plain is not null)
        {
            return _plain.Build();
        }

        ValidityMask? mask = null;
        if (_anyNull)
        {
            mask = ValidityMask.Create(_count, true);
            for (var i = 0; i < _count; i++)
            {
                if (_codes[i] < 0)
                {
                    mask.SetNull(i);
                }
            }
        }

        var result = DictionaryColumn.FromCodes(_codes, _dictionary!.Build(), _count, mask);
        _codes = [];
        _count = 0;
        return result;
    }
}
