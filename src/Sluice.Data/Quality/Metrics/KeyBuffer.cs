using System.Runtime.InteropServices;

namespace Sluice.Data.Quality.Metrics;

/// <summary>
/// Encodes a row's key (one or more columns) into a reused char buffer, so that hash sets of keys can be probed
/// through a <see cref="ReadOnlySpan{T}"/> lookup and allocate only when a new distinct key is stored.
/// </summary>
/// <remarks>
/// Numbers are encoded by their IEEE bits with −0 folded into +0 (so 0 and −0 are one value); text by its length and
/// characters (ordinal, case-sensitive); timestamps by their UTC ticks (the same instant at two offsets is one
/// value); booleans as one char. Values of different kinds never compare equal.
/// </remarks>
internal sealed class KeyBuffer
{
    private char[] _chars = new char[64];
    private int _length;

    public ReadOnlySpan<char> Span => _chars.AsSpan(0, _length);

    /// <summary>Encodes row <paramref name="row"/> of <paramref name="columns"/>; false when any part is null.</summary>
    public bool TryEncode(IColumnView[] columns, int row)
    {
        _length = 0;
        foreach (var column in columns)
        {
            if (column.IsNull(row))
            {
                return false;
            }

            Append(column, row);
        }

        return true;
    }

    private void Append(IColumnView column, int row)
    {
        switch (column.Kind)
        {
            case ColumnKind.Number:
                var value = column.GetDouble(row);
                AppendInt64(BitConverter.DoubleToInt64Bits(value == 0 ? 0.0 : value), 'n');
                break;
            case ColumnKind.Timestamp:
                AppendInt64(column.GetTimestamp(row).UtcTicks, 't');
                break;
            case ColumnKind.Boolean:
                Ensure(2);
                _chars[_length++] = 'b';
                _chars[_length++] = column.GetBoolean(row) ? '1' : '0';
                break;
            default:
                var text = column.GetChars(row);
                Ensure(text.Length + 3);
                _chars[_length++] = 's';
                _chars[_length++] = (char)(text.Length >> 16);
                _chars[_length++] = (char)text.Length;
                text.CopyTo(_chars.AsSpan(_length));
                _length += text.Length;
                break;
        }
    }

    private void AppendInt64(long bits, char tag)
    {
        Ensure(5);
        _chars[_length++] = tag;
        MemoryMarshal.Write(MemoryMarshal.AsBytes(_chars.AsSpan(_length, 4)), in bits);
        _length += 4;
    }

    private void Ensure(int extra)
    {
        if (_length + extra > _chars.Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _length + extra));
        }
    }
}
