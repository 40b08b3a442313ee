namespace Sluice.Data.Columns;

/// <summary>Appends UTF-8 values into pooled buffers and builds a <see cref="StringColumn"/>.</summary>
internal sealed class Utf8Builder
{
    private byte[] _bytes;
    private int[] _offsets;
    private ulong[]? _valid;
    private int _count;
    private int _byteCount;

    public Utf8Builder(int rowCapacity, int byteCapacity)
    {
        _bytes = Buffers.Rent<byte>(byteCapacity);
        _offsets = Buffers.Rent<int>(rowCapacity + 1);
        _offsets[0] = 0;
    }

    public int Count => _count;

    public ReadOnlySpan<byte> GetBytes(int row) => _bytes.AsSpan(_offsets[row], _offsets[row + 1] - _offsets[row]);

    public void Append(ReadOnlySpan<byte> value)
    {
        if (_byteCount + value.Length > _bytes.Length)
        {
            Buffers.Grow(ref _bytes, _byteCount, _byteCount + value.Length);
        }

        value.CopyTo(_bytes.AsSpan(_byteCount));
        _byteCount += value.Length;
        Push();
    }

    /// <summary>Adds bytes to the value being built; <see cref="EndValue"/> closes it (for values made of parts).</summary>
    public void AppendPart(ReadOnlySpan<byte> part)
    {
        if (_byteCount + part.Length > _bytes.Length)
        {
            Buffers.Grow(ref _bytes, _byteCount, _byteCount + part.Length);
        }

        part.CopyTo(_bytes.AsSpan(_byteCount));
        _byteCount += part.Length;
    }

    /// <summary>Closes the value whose bytes <see cref="AppendPart"/> added.</summary>
    public void EndValue() => Push();

    public void AppendNull()
    {
        _valid ??= InitValidity();
        Push();
        _valid[(_count - 1) >> 6] &= ~(1UL << (_count - 1));
    }

    public void Truncate(int count)
    {
        if (_valid is not null)
        {
            for (var i = count; i < _count; i++)
            {
                _valid[i >> 6] |= 1UL << i;
            }
        }

        _count = count;
        _byteCount = _offsets[count];
    }

    private void Push()
    {
        if (_count + 2 > _offsets.Length)
        {
            Buffers.Grow(ref _offsets, _count + 1, _count + 2);
        }

        if (_valid is not null && (_count >> 6) >= _valid.Length)
        {
            var old = _valid.Length;
            Buffers.Grow(ref _valid, old, old * 2);
            _valid.AsSpan(old).Fill(ulong.MaxValue);
        }

        _count++;
        _offsets[_count] = _byteCount;
    }

    private ulong[] InitValidity()
    {
        var v = Buffers.Rent<ulong>(Math.Max(ValidityMask.WordCount(_offsets.Length), 1));
        v.AsSpan().Fill(ulong.MaxValue);
        return v;
    }

    public StringColumn Build()
    {
        ValidityMask? mask = null;
        if (_valid is not null)
        {
            mask = ValidityMask.Wrap(_valid, _count);
            _valid = null;
        }

        var col = new StringColumn(_bytes, _offsets, _count, mask);
        _bytes = [];
        _offsets = [0];
        _count = 0;
        return col;
    }
}
