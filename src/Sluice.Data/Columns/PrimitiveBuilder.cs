using Sluice.Data.Batches;

namespace Sluice.Data.Columns;

/// <summary>Appends fixed-width values into a pooled buffer and builds a <see cref="PrimitiveColumn{T}"/>.</summary>
internal sealed class PrimitiveBuilder<T>
    where T : unmanaged
{
    private T[] _values;
    private ulong[]? _valid;
    private int _count;

    public PrimitiveBuilder(int capacity) => _values = Buffers.Rent<T>(capacity);

    public int Count => _count;

    public void Append(T value)
    {
        if (_count == _values.Length)
        {
            Grow();
        }

        _values[_count++] = value;
    }

    public void AppendNull()
    {
        if (_count == _values.Length)
        {
            Grow();
        }

        _valid ??= InitValidity();
        _values[_count] = default;
        _valid[_count >> 6] &= ~(1UL << _count);
        _count++;
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
    }

    private void Grow()
    {
        Buffers.Grow(ref _values, _count, _count + 1);
        if (_valid is not null)
        {
            var old = _valid.Length;
            Buffers.Grow(ref _valid, old, ValidityMask.WordCount(_values.Length));
            _valid.AsSpan(old).Fill(ulong.MaxValue);
        }
    }

    private ulong[] InitValidity()
    {
        var v = Buffers.Rent<ulong>(ValidityMask.WordCount(_values.Length));
        v.AsSpan().Fill(ulong.MaxValue);
        return v;
    }

    public PrimitiveColumn<T> Build(DataType type)
    {
        ValidityMask? mask = null;
        if (_valid is not null)
        {
            mask = ValidityMask.Wrap(_valid, _count);
            _valid = null;
        }

        var col = new PrimitiveColumn<T>(type, _values, _count, mask);
        _values = [];
        _count = 0;
        return col;
    }
}
