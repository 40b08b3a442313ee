using System.Globalization;
using System.Text;
using Sluice.Data.Columns;

namespace Sluice.Data.Text;

/// <summary>Strict parsers for values written as UTF-8 text. No leading/trailing spaces; invalid input returns false.</summary>
internal static class Utf8Parse
{
    /// <summary>Parses <c>[+-]?[0-9]+</c> into a long (false on overflow).</summary>
    public static bool TryInt64(ReadOnlySpan<byte> s, out long value)
    {
        value = 0;
        if (s.IsEmpty)
        {
            return false;
        }

        var neg = false;
        var i = 0;
        if (s[0] is (byte)'-' or (byte)'+')
        {
            neg = s[0] == (byte)'-';
            i = 1;
            if (s.Length == 1)
            {
                return false;
            }
        }

        if (s.Length - i <= 18)
        {
            long v = 0;
            for (; i < s.Length; i++)
            {
                var d = (uint)(s[i] - '0');
                if (d > 9)
                {
                    return false;
                }

                v = (v * 10) + d;
            }

            value = neg ? -v : v;
            return true;
        }

        ulong u = 0;
        for (; i < s.Length; i++)
        {
            var d = (uint)(s[i] - '0');
            if (d > 9 || u > (ulong.MaxValue - d) / 10)
            {
                return false;
            }

            u = (u * 10) + d;
        }

        if (neg ? u > 9223372036854775808UL : u > long.MaxValue)
        {
            return false;
        }

        value = neg ? (long)(0 - u) : (long)u;
        return true;
    }

    /// <summary>Parses <c>[+-]?[0-9]*(\.[0-9]*)?</c> (at least one digit, at most <paramref name="scale"/> decimals) into a scaled long.</summary>
    public static bool TryDecimal(ReadOnlySpan<byte> s, int scale, out long value)
    {
        value = 0;
        var neg = false;
        var i = 0;
        if (!s.IsEmpty && s[0] is (byte)'-' or (byte)'+')
        {
            neg = s[0] == (byte)'-';
            i = 1;
        }

        ulong v = 0;
        var digits = 0;
        var frac = -1;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (c == (byte)'.')
            {
                if (frac >= 0)
                {
                    return false;
                }

                frac = 0;
                continue;
            }

            var d = (uint)(c - '0');
            if (d > 9)
            {
                return false;
            }

            if (frac >= 0 && ++frac > scale)
            {
                return false;
            }

            if (v > ((ulong)long.MaxValue - d) / 10)
            {
                return false;
            }

            v = (v * 10) + d;
            digits++;
        }

        if (digits == 0)
        {
            return false;
        }

        for (var k = Math.Max(frac, 0); k < scale; k++)
        {
            if (v > (ulong)long.MaxValue / 10)
            {
                return false;
            }

            v *= 10;
        }

        value = neg ? -(long)v : (long)v;
        return true;
    }

    public static bool TryFloat64(ReadOnlySpan<byte> s, out double value) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !s.IsEmpty && s[0] != (byte)' ' && s[^1] != (byte)' ';

    public static bool TryBool(ReadOnlySpan<byte> s, out bool value)
    {
        value = false;
        if (s.Length == 1 && s[0] is (byte)'0' or (byte)'1')
        {
            value = s[0] == (byte)'1';
            return true;
        }

        if (Ascii.EqualsIgnoreCase(s, "true"u8))
        {
            value = true;
            return true;
        }

        return Ascii.EqualsIgnoreCase(s, "false"u8);
    }

    /// <summary>Parses exactly <c>YYYY-MM-DD</c> (a real calendar date) into days since epoch.</summary>
    public static bool TryDate(ReadOnlySpan<byte> s, out int days)
    {
        days = 0;
        if (s.Length != 10 || s[4] != (byte)'-' || s[7] != (byte)'-')
        {
            return false;
        }

        if (!TryDigits(s[..4], out var y) || !TryDigits(s.Slice(5, 2), out var m) || !TryDigits(s.Slice(8, 2), out var d))
        {
            return false;
        }

        if (m is < 1 or > 12 || d < 1 || d > Temporal.DaysInMonth(y, m))
        {
            return false;
        }

        days = Temporal.DaysFromCivil(y, m, d);
        return true;
    }

    /// <summary>
    /// Parses <c>YYYY-MM-DD[T ]HH:MM:SS(.f{1,9})?</c> with an optional zone (<c>Z</c>, <c>+HH</c>, <c>+HH:MM</c>,
    /// <c>+HHMM</c>) into microseconds since the epoch; a value with a zone is converted to UTC.
    /// </summary>
    public static bool TryTimestamp(ReadOnlySpan<byte> s, out long micros)
    {
        micros = 0;
        if (s.Length < 19 || (s[10] != (byte)'T' && s[10] != (byte)' ') || !TryDate(s[..10], out var days))
        {
            return false;
        }

        if (s[13] != (byte)':' || s[16] != (byte)':'
            || !TryDigits(s.Slice(11, 2), out var hh) || !TryDigits(s.Slice(14, 2), out var mi) || !TryDigits(s.Slice(17, 2), out var ss)
            || hh > 23 || mi > 59 || ss > 59)
        {
            return false;
        }

        long fraction = 0;
        var p = 19;
        if (p < s.Length && s[p] == (byte)'.')
        {
            var start = ++p;
            while (p < s.Length && (uint)(s[p] - '0') <= 9)
            {
                p++;
            }

            // Up to nanoseconds are accepted; digits past the microsecond are dropped (truncated, as DuckDB does).
            var digits = s[start..p];
            if (digits.IsEmpty || digits.Length > 9 || !TryDigits(digits[..Math.Min(6, digits.Length)], out var fv))
            {
                return false;
            }

            fraction = fv * Pow10.Int64(6 - Math.Min(6, digits.Length));
        }

        if (!TryZoneSuffix(s[p..], out var offsetSeconds))
        {
            return false;
        }

        micros = (days * Temporal.MicrosPerDay) + ((((hh * 3600L) + (mi * 60L) + ss) - offsetSeconds) * Temporal.MicrosPerSecond) + fraction;
        return true;
    }

    /// <summary>
    /// The zone part after a time: nothing, <c>Z</c>, or an offset <c>+HH</c>, <c>+HH:MM</c> or <c>+HHMM</c> (also <c>-</c>).
    /// A timestamp with a zone is converted to UTC.
    /// </summary>
    private static bool TryZoneSuffix(ReadOnlySpan<byte> s, out int offsetSeconds)
    {
        offsetSeconds = 0;
        if (s.IsEmpty)
        {
            return true;
        }

        if (s.Length == 1)
        {
            return s[0] is (byte)'Z' or (byte)'z';
        }

        if (s[0] is not ((byte)'+' or (byte)'-'))
        {
            return false;
        }

        var rest = s[1..];
        int hours = 0, minutes = 0;
        var ok = rest.Length switch
        {
            2 => TryDigits(rest, out hours),
            4 => TryDigits(rest[..2], out hours) && TryDigits(rest[2..], out minutes),
            5 => TryDigits(rest[..2], out hours) && rest[2] == (byte)':' && TryDigits(rest[3..], out minutes),
            _ => false,
        };
        if (!ok || hours > 18 || minutes > 59)
        {
            return false;
        }

        offsetSeconds = ((hours * 3600) + (minutes * 60)) * (s[0] == (byte)'-' ? -1 : 1);
        return true;
    }

    /// <summary>Parses a run of ASCII digits (no sign) into an int.</summary>
    public static bool TryDigits(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            var d = (uint)(c - '0');
            if (d > 9)
            {
                return false;
            }

            value = (value * 10) + (int)d;
        }

        return !s.IsEmpty;
    }
}
