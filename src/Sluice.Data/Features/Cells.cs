using System.Globalization;
using System.Text;
using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.Features;

/// <summary>Reads cells of any column as numbers, instants or text without allocating.</summary>
internal static class Cells
{
    public static bool TryNumber(Column column, int row, out double value)
    {
        value = 0;
        if (column.IsNull(row))
        {
            return false;
        }

        switch (column)
        {
            case PrimitiveColumn<double> d:
                value = d.Values[row];
                return !double.IsNaN(value);
            case PrimitiveColumn<long> l when column.Type.Kind == TypeKind.Int64:
                value = l.Values[row];
                return true;
            case PrimitiveColumn<long> m when column.Type.Kind == TypeKind.Decimal:
                value = m.Values[row] / Math.Pow(10, column.Type.Scale);
                return true;
            case PrimitiveColumn<bool> b:
                value = b.Values[row] ? 1 : 0;
                return true;
            default:
                return false;
        }
    }

    public static bool TryInstant(Column column, int row, ref char[] buffer, out DateTime value)
    {
        value = default;
        if (column.IsNull(row))
        {
            return false;
        }

        switch (column)
        {
            case PrimitiveColumn<int> days when column.Type.Kind == TypeKind.Date:
                value = DateTime.UnixEpoch.AddDays(days.Values[row]);
                return true;
            case PrimitiveColumn<long> micros when column.Type.Kind == TypeKind.Timestamp:
                value = DateTime.UnixEpoch.AddTicks(micros.Values[row] * 10);
                return true;
            case Utf8Column:
                return DateTime.TryParse(Text(column, row, ref buffer), CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out value);
            default:
                return false;
        }
    }

    /// <summary>The invariant text of a non-null cell, decoded into <paramref name="buffer"/> (valid until the next call).</summary>
    public static ReadOnlySpan<char> Text(Column column, int row, ref char[] buffer)
    {
        if (column is Utf8Column utf8)
        {
            var bytes = utf8.GetBytes(row);
            if (Encoding.UTF8.GetMaxCharCount(bytes.Length) > buffer.Length)
            {
                buffer = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length) * 2];
            }

            return buffer.AsSpan(0, Encoding.UTF8.GetChars(bytes, buffer));
        }

        if (column is PrimitiveColumn<long> l && column.Type.Kind == TypeKind.Int64 && l.Values[row].TryFormat(buffer, out var n, default, CultureInfo.InvariantCulture))
        {
            return buffer.AsSpan(0, n);
        }

        var s = Convert.ToString(column.GetValue(row), CultureInfo.InvariantCulture) ?? string.Empty;
        if (s.Length > buffer.Length)
        {
            buffer = new char[s.Length * 2];
        }

        s.CopyTo(buffer);
        return buffer.AsSpan(0, s.Length);
    }
}
