namespace Sluice.Data.SchemaValidation;

/// <summary>
/// A strftime/strptime-style date format, compiled once and parsed without allocating. Directives:
/// <c>%Y</c> 4-digit year, <c>%y</c> 2-digit year (69–99 → 19xx, 00–68 → 20xx, as POSIX), <c>%m</c> month 1–12,
/// <c>%d</c> day, <c>%H</c> hour 0–23, <c>%M</c> minute, <c>%S</c> second, <c>%f</c> 1–6 digits of fraction
/// (microseconds), <c>%j</c> day of year, <c>%b</c>/<c>%B</c> English month name (abbreviated or full, any case),
/// <c>%%</c> a percent sign. Numbers other than <c>%Y</c> and <c>%f</c> take 1 or 2 digits (as Python's strptime).
/// Every other character must match exactly. The whole text must be consumed.
/// </summary>
public sealed class DateFormat
{
    private const string Directives = "YymdHMSfjbB%";
    private static readonly string[] MonthNames =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    private readonly string _pattern;

    private DateFormat(string pattern, bool hasTime)
    {
        _pattern = pattern;
        HasTime = hasTime;
    }

    /// <summary>The format text as written.</summary>
    public string Pattern => _pattern;

    /// <summary>True when the format has an hour, minute, second or fraction directive.</summary>
    public bool HasTime { get; }

    /// <summary>Compiles <paramref name="pattern"/>.</summary>
    /// <param name="pattern">The format, e.g. <c>%Y-%m-%d</c>.</param>
    /// <param name="format">The compiled format, or null.</param>
    /// <param name="error">Why the format is invalid (naming the directive and its 1-based offset), or null.</param>
    /// <returns>True when the format is valid.</returns>
    public static bool TryCreate(string pattern, out DateFormat? format, out string? error)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        format = null;
        var hasTime = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] != '%')
            {
                continue;
            }

            if (i + 1 >= pattern.Length)
            {
                error = $"the format '{pattern}' ends with a lone '%' (write '%%' for a percent sign)";
                return false;
            }

            var d = pattern[++i];
            if (!Directives.Contains(d, StringComparison.Ordinal))
            {
                error = $"unknown directive '%{d}' at offset {i} of the format '{pattern}' (known: %Y %y %m %d %H %M %S %f %j %b %B %%)";
                return false;
            }

            hasTime |= d is 'H' or 'M' or 'S' or 'f';
        }

        error = null;
        format = new DateFormat(pattern, hasTime);
        return true;
    }

    /// <summary>Parses <paramref name="text"/>; false when it does not match the format or is not a real date.</summary>
    public bool TryParse(ReadOnlySpan<char> text, out DateTime value)
    {
        value = default;
        int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, micros = 0, dayOfYear = 0;
        var pos = 0;
        var p = _pattern.AsSpan();
        for (var i = 0; i < p.Length; i++)
        {
            if (p[i] != '%' || p[i + 1] == '%')
            {
                if (pos >= text.Length || text[pos] != p[i])
                {
                    return false;
                }

                pos++;
                i += p[i] == '%' ? 1 : 0;
                continue;
            }

            var ok = p[++i] switch
            {
                'Y' => Digits(text, ref pos, 4, 4, out year),
                'y' => Digits(text, ref pos, 2, 2, out year) && (year += year >= 69 ? 1900 : 2000) > 0,
                'm' => Digits(text, ref pos, 1, 2, out month),
                'd' => Digits(text, ref pos, 1, 2, out day),
                'H' => Digits(text, ref pos, 1, 2, out hour),
                'M' => Digits(text, ref pos, 1, 2, out minute),
                'S' => Digits(text, ref pos, 1, 2, out second),
                'j' => Digits(text, ref pos, 1, 3, out dayOfYear),
                'f' => Fraction(text, ref pos, out micros),
                _ => MonthName(text, ref pos, out month),
            };
            if (!ok)
            {
                return false;
            }
        }

        if (pos != text.Length || year < 1 || month is < 1 or > 12 || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        if (dayOfYear > 0)
        {
            if (dayOfYear > (DateTime.IsLeapYear(year) ? 366 : 365))
            {
                return false;
            }

            value = new DateTime(year, 1, 1, hour, minute, second, DateTimeKind.Unspecified).AddDays(dayOfYear - 1).AddTicks(micros * 10L);
            return true;
        }

        if (day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(micros * 10L);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => _pattern;

    private static bool Digits(ReadOnlySpan<char> text, ref int pos, int min, int max, out int value)
    {
        value = 0;
        var n = 0;
        while (n < max && pos < text.Length && char.IsAsciiDigit(text[pos]))
        {
            value = (value * 10) + (text[pos] - '0');
            pos++;
            n++;
        }

        return n >= min;
    }

    private static bool Fraction(ReadOnlySpan<char> text, ref int pos, out int micros)
    {
        var start = pos;
        if (!Digits(text, ref pos, 1, 6, out micros))
        {
            return false;
        }

        for (var n = pos - start; n < 6; n++)
        {
            micros *= 10;
        }

        return true;
    }

    private static bool MonthName(ReadOnlySpan<char> text, ref int pos, out int month)
    {
        var rest = text[pos..];
        for (var m = 0; m < MonthNames.Length; m++)
        {
            var full = MonthNames[m];
            if (rest.StartsWith(full, StringComparison.OrdinalIgnoreCase))
            {
                (month, pos) = (m + 1, pos + full.Length);
                return true;
            }

            if (rest.StartsWith(full.AsSpan(0, 3), StringComparison.OrdinalIgnoreCase))
            {
                (month, pos) = (m + 1, pos + 3);
                return true;
            }
        }

        month = 0;
        return false;
    }
}
