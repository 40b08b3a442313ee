using System.Globalization;
using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.SchemaValidation;

/// <summary>Reading a cell as the declared type.</summary>
internal sealed partial class ColumnChecker
{
    // 2^53: beyond it a double no longer holds every integer, so a float column cannot prove a value is whole.
    private const double MaxExactInteger = 9_007_199_254_740_992d;

    private bool TryInteger(Column column, int row, out double value)
    {
        value = 0;
        switch (column)
        {
            case PrimitiveColumn<long> l when Physical.Kind == TypeKind.Int64:
                value = l.Values[row];
                return true;
            case PrimitiveColumn<long> m when Physical.Kind == TypeKind.Decimal:
                var scale = (long)Math.Pow(10, Physical.Scale);
                value = m.Values[row] / scale;
                return m.Values[row] % scale == 0;
            case PrimitiveColumn<double> d:
                value = d.Values[row];
                return double.IsFinite(value) && Math.Abs(value) <= MaxExactInteger && value == Math.Floor(value);
            case Utf8Column:
                var ok = long.TryParse(Text(column, row), NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite,
                    CultureInfo.InvariantCulture, out var parsed);
                value = parsed;
                return ok;
            default:
                return false;
        }
    }

    private bool TryNumber(Column column, int row, out double value)
    {
        value = 0;
        switch (column)
        {
            case PrimitiveColumn<long> l:
                value = Physical.Kind == TypeKind.Decimal ? l.Values[row] / Math.Pow(10, Physical.Scale) : l.Values[row];
                return Physical.Kind is TypeKind.Int64 or TypeKind.Decimal;
            case PrimitiveColumn<double> d:
                value = d.Values[row];
                return double.IsFinite(value);
            case Utf8Column:
                return double.TryParse(Text(column, row), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
            default:
                return false;
        }
    }

    private bool TryBoolean(Column column, int row, out double value)
    {
        value = 0;
        bool b;
        switch (column)
        {
            case PrimitiveColumn<bool> p:
                b = p.Values[row];
                break;
            case PrimitiveColumn<long> l when Physical.Kind == TypeKind.Int64 && l.Values[row] is 0 or 1:
                b = l.Values[row] == 1;
                break;
            case Utf8Column:
                var t = Text(column, row).Trim();
                if (t.Equals("true", StringComparison.OrdinalIgnoreCase) || t.Equals("yes", StringComparison.OrdinalIgnoreCase) || t is "1")
                {
                    b = true;
                }
                else if (t.Equals("false", StringComparison.OrdinalIgnoreCase) || t.Equals("no", StringComparison.OrdinalIgnoreCase) || t is "0")
                {
                    b = false;
                }
                else
                {
                    return false;
                }

                break;
            default:
                return false;
        }

        value = b ? 1 : 0;
        return true;
    }

    /// <summary>
    /// Reads a date/timestamp cell as ticks. Text that does not match a declared <c>format</c> breaks the <c>format</c> rule
    /// (a rule error); text that is not ISO 8601 when no format is declared, and non-temporal columns, are type errors.
    /// A timestamp in a date column must be at midnight.
    /// </summary>
    private CellVerdict ReadTemporal(Column column, int row, out double ticks)
    {
        ticks = 0;
        switch (column)
        {
            case PrimitiveColumn<int> days when Physical.Kind == TypeKind.Date:
                ticks = (DateTime.UnixEpoch.Ticks) + (days.Values[row] * TimeSpan.TicksPerDay);
                return CellVerdict.Ok;
            case PrimitiveColumn<long> micros when Physical.Kind == TypeKind.Timestamp:
                ticks = DateTime.UnixEpoch.Ticks + (micros.Values[row] * 10);
                return Spec.Type == SchemaType.Date && (long)ticks % TimeSpan.TicksPerDay != 0 ? CellVerdict.TypeError : CellVerdict.Ok;
            case Utf8Column:
                if (TryParseTemporal(Text(column, row), Spec.Format, Spec.Type, out var instant))
                {
                    ticks = instant.Ticks;
                    return CellVerdict.Ok;
                }

                return Spec.Format is null ? CellVerdict.TypeError : CellVerdict.Broken("format");
            default:
                return CellVerdict.TypeError;
        }
    }

    /// <summary>Parses date/timestamp text with <paramref name="format"/>, or ISO 8601 when it is null.</summary>
    public static bool TryParseTemporal(ReadOnlySpan<char> text, DateFormat? format, SchemaType type, out DateTime value)
    {
        if (format is not null)
        {
            return format.TryParse(text, out value);
        }

        if (type == SchemaType.Date)
        {
            var ok = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date);
            value = ok ? date.ToDateTime(TimeOnly.MinValue) : default;
            return ok;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var instant)
            && text.Length >= 10 && text[4] == '-')
        {
            value = instant.UtcDateTime;
            return true;
        }

        value = default;
        return false;
    }
}
