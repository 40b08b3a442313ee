using System.Globalization;
using System.Text;
using Sluice.Data.Columns;

namespace Sluice.DataActions.Anomalies;

/// <summary>
/// Gives each distinct combination of group-by values a dense id (0, 1, … in order of first appearance). The key of a
/// row is composed as text in a reused buffer and looked up without allocating; only a new group allocates its key.
/// A null value is a group value of its own.
/// </summary>
internal sealed class GroupKeys
{
    private const char Separator = '\u001f';
    private const char NullMark = '\u0000';
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private char[] _buffer = new char[256];

    /// <summary>The number of groups seen.</summary>
    public int Count => _ids.Count;

    /// <summary>Writes the group id of every row of <paramref name="columns"/> (same length) into <paramref name="ids"/>.</summary>
    public void Assign(IReadOnlyList<Column> columns, Span<int> ids)
    {
        var lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var row = 0; row < ids.Length; row++)
        {
            var length = 0;
            foreach (var column in columns)
            {
                Append(column, row, ref length);
                Ensure(length + 1);
                _buffer[length++] = Separator;
            }

            var key = _buffer.AsSpan(0, length);
            if (!lookup.TryGetValue(key, out var id))
            {
                id = _ids.Count;
                lookup.TryAdd(key, id);
            }

            ids[row] = id;
        }
    }

    private void Append(Column column, int row, ref int length)
    {
        if (column.IsNull(row))
        {
            Ensure(length + 1);
            _buffer[length++] = NullMark;
            return;
        }

        int written;
        switch (column)
        {
            case Utf8Column text:
                var bytes = text.GetBytes(row);
                Ensure(length + Encoding.UTF8.GetMaxCharCount(bytes.Length));
                written = Encoding.UTF8.GetChars(bytes, _buffer.AsSpan(length));
                break;
            case PrimitiveColumn<long> l:
                Ensure(length + 24);
                l.Values[row].TryFormat(_buffer.AsSpan(length), out written, default, CultureInfo.InvariantCulture);
                break;
            case PrimitiveColumn<int> i:
                Ensure(length + 16);
                i.Values[row].TryFormat(_buffer.AsSpan(length), out written, default, CultureInfo.InvariantCulture);
                break;
            case PrimitiveColumn<double> d:
                Ensure(length + 32);
                d.Values[row].TryFormat(_buffer.AsSpan(length), out written, "R", CultureInfo.InvariantCulture);
                break;
            case PrimitiveColumn<bool> b:
                Ensure(length + 1);
                _buffer[length] = b.Values[row] ? '1' : '0';
                written = 1;
                break;
            default:
                var s = Convert.ToString(column.GetValue(row), CultureInfo.InvariantCulture) ?? string.Empty;
                Ensure(length + s.Length);
                s.CopyTo(_buffer.AsSpan(length));
                written = s.Length;
                break;
        }

        length += written;
    }

    private void Ensure(int size)
    {
        if (size > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(size, _buffer.Length * 2));
        }
    }
}
