using System.Globalization;

namespace Sluice.Data.Columns;

/// <summary>
/// Truncation, addition and differences in calendar units on dates (days since 1970-01-01) and timestamps
/// (microseconds since the epoch), and conversions between UTC and a time zone's wall clock. Weeks are ISO weeks
/// (Monday first); adding months keeps the day of month where it exists and clamps it to the month's last day where
/// it does not (January 31 + 1 month = February 28 or 29), as DuckDB and PostgreSQL do.
/// </summary>
internal static class CalendarMath
{
    private static readonly string[] UnitNames = ["millisecond", "second", "minute", "hour", "day", "week", "month", "quarter", "year"];

    /// <summary>Reads a unit name (singular or plural, any case).</summary>
    /// <exception cref="DataException">The name is not a unit.</exception>
    public static TimeUnit ParseUnit(string text, string function)
    {
        var name = text.Trim().ToLowerInvariant();
        if (name.EndsWith('s') && name.Length > 1)
        {
            name = name[..^1];
        }

        var index = Array.IndexOf(UnitNames, name switch { "ms" => "millisecond", "isoweek" => "week", _ => name });
        return index >= 0
            ? (TimeUnit)index
            : throw new DataException($"{function}: '{text}' is not a time unit; use one of {string.Join(", ", UnitNames)}.");
    }

    /// <summary>The length of a fixed-size unit in microseconds (units up to a day).</summary>
    public static long FixedMicros(TimeUnit unit) => unit switch
    {
        TimeUnit.Millisecond => 1_000,
        TimeUnit.Second => Temporal.MicrosPerSecond,
        TimeUnit.Minute => 60 * Temporal.MicrosPerSecond,
        TimeUnit.Hour => 3600 * Temporal.MicrosPerSecond,
        TimeUnit.Day => Temporal.MicrosPerDay,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "not a fixed-size unit"),
    };

    /// <summary>ISO day of week: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).</summary>
    public static int IsoWeekday(int days) => (int)(((days % 7L) + 7 + 3) % 7) + 1;

    /// <summary>The ISO week-numbering year and week (1–53) of a day.</summary>
    public static (int Year, int Week) IsoWeek(int days)
    {
        var thursday = days - IsoWeekday(days) + 4;
        var year = Temporal.CivilFromDays(thursday).Year;
        return (year, ((thursday - Temporal.DaysFromCivil(year, 1, 1)) / 7) + 1);
    }

    /// <summary>The first day of the unit that contains <paramref name="days"/> (units of a day or more).</summary>
    public static int TruncateDays(TimeUnit unit, int days)
    {
        if (unit <= TimeUnit.Day)
        {
            return days;
        }

        if (unit == TimeUnit.Week)
        {
            return days - IsoWeekday(days) + 1;
        }

        var (y, m, _) = Temporal.CivilFromDays(days);
        return unit switch
        {
            TimeUnit.Month => Temporal.DaysFromCivil(y, m, 1),
            TimeUnit.Quarter => Temporal.DaysFromCivil(y, ((m - 1) / 3 * 3) + 1, 1),
            _ => Temporal.DaysFromCivil(y, 1, 1),
        };
    }

    /// <summary>The start of the unit that contains a timestamp.</summary>
    public static long Truncate(TimeUnit unit, long micros)
    {
        if (unit < TimeUnit.Day)
        {
            var size = FixedMicros(unit);
            return FloorDiv(micros, size) * size;
        }

        return TruncateDays(unit, Temporal.FloorDiv(micros, Temporal.MicrosPerDay)) * Temporal.MicrosPerDay;
    }

    /// <summary>A date moved by <paramref name="n"/> units of a day or more.</summary>
    public static int AddDays(TimeUnit unit, int days, long n) => unit switch
    {
        TimeUnit.Day => checked((int)(days + n)),
        TimeUnit.Week => checked((int)(days + (n * 7))),
        TimeUnit.Month => AddMonths(days, n),
        TimeUnit.Quarter => AddMonths(days, checked(n * 3)),
        TimeUnit.Year => AddMonths(days, checked(n * 12)),
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "not a calendar unit"),
    };

    /// <summary>A timestamp moved by <paramref name="n"/> units (calendar units keep the time of day).</summary>
    public static long Add(TimeUnit unit, long micros, long n)
    {
        if (unit <= TimeUnit.Day)
        {
            return checked(micros + (n * FixedMicros(unit)));
        }

        var days = Temporal.FloorDiv(micros, Temporal.MicrosPerDay);
        var timeOfDay = micros - (days * Temporal.MicrosPerDay);
        return checked((AddDays(unit, days, n) * Temporal.MicrosPerDay) + timeOfDay);
    }

    /// <summary>
    /// The number of unit boundaries crossed from <paramref name="start"/> to <paramref name="end"/> (negative when
    /// end is earlier): date_diff('month', 2024-01-31, 2024-02-01) is 1, date_diff('day', 23:59, 00:01 next day) is 1;
    /// weeks are whole 7-day spans between the two dates.
    /// </summary>
    public static long Diff(TimeUnit unit, long start, long end)
    {
        if (unit < TimeUnit.Day)
        {
            var size = FixedMicros(unit);
            return FloorDiv(end, size) - FloorDiv(start, size);
        }

        var a = Temporal.FloorDiv(start, Temporal.MicrosPerDay);
        var b = Temporal.FloorDiv(end, Temporal.MicrosPerDay);
        if (unit == TimeUnit.Day)
        {
            return (long)b - a;
        }

        if (unit == TimeUnit.Week)
        {
            // Whole weeks between the dates (truncated toward zero), as DuckDB counts them — not ISO week boundaries.
            return ((long)b - a) / 7;
        }

        var (ya, ma, _) = Temporal.CivilFromDays(a);
        var (yb, mb, _) = Temporal.CivilFromDays(b);
        return unit switch
        {
            TimeUnit.Month => ((yb * 12L) + mb) - ((ya * 12L) + ma),
            TimeUnit.Quarter => ((yb * 4L) + ((mb - 1) / 3)) - ((ya * 4L) + ((ma - 1) / 3)),
            _ => (long)yb - ya,
        };
    }

    /// <summary>The wall-clock time in <paramref name="zone"/> of a UTC instant; false outside the supported range.</summary>
    public static bool TryUtcToLocal(long micros, TimeZoneInfo zone, out long local)
    {
        local = 0;
        if (!TryDateTime(micros, DateTimeKind.Utc, out var utc))
        {
            return false;
        }

        local = micros + (zone.GetUtcOffset(utc).Ticks / 10);
        return true;
    }

    /// <summary>
    /// The UTC instant of a wall-clock time in <paramref name="zone"/>. A time skipped by a clock change (02:30 on the
    /// night clocks spring forward) is read with the offset before the change, which lands after the gap (03:30);
    /// a time that occurs twice (the clock falls back) is its first occurrence.
    /// </summary>
    public static bool TryLocalToUtc(long micros, TimeZoneInfo zone, out long utc)
    {
        utc = 0;
        if (!TryDateTime(micros, DateTimeKind.Unspecified, out var wall))
        {
            return false;
        }

        TimeSpan offset;
        if (zone.IsAmbiguousTime(wall))
        {
            offset = zone.GetAmbiguousTimeOffsets(wall).Max();
        }
        else if (zone.IsInvalidTime(wall))
        {
            offset = zone.GetUtcOffset(wall.AddHours(-3));
        }
        else
        {
            offset = zone.GetUtcOffset(wall);
        }

        utc = micros - (offset.Ticks / 10);
        return true;
    }

    /// <summary>Finds a time zone by IANA (or Windows) id.</summary>
    /// <exception cref="DataException">No such zone on this machine.</exception>
    public static TimeZoneInfo Zone(string id, string function)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new DataException($"{function}: '{id}' is not a known time zone; use an IANA id such as UTC, Europe/Paris or America/New_York.");
        }
    }

    /// <summary>Writes a timestamp with a strftime pattern (see <see cref="StrftimeSpecifiers"/>).</summary>
    public static string Format(long micros, string pattern)
    {
        var days = Temporal.FloorDiv(micros, Temporal.MicrosPerDay);
        var rest = micros - (days * Temporal.MicrosPerDay);
        var (y, m, d) = Temporal.CivilFromDays(days);
        var seconds = rest / Temporal.MicrosPerSecond;
        var (h, mi, s) = ((int)(seconds / 3600), (int)(seconds / 60 % 60), (int)(seconds % 60));
        var inv = CultureInfo.InvariantCulture;
        var sb = new System.Text.StringBuilder(pattern.Length + 16);
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] != '%' || i + 1 == pattern.Length)
            {
                sb.Append(pattern[i]);
                continue;
            }

            var c = pattern[++i];
            _ = c switch
            {
                'Y' => sb.Append(y.ToString("0000", inv)),
                'y' => sb.Append((y % 100).ToString("00", inv)),
                'm' => sb.Append(m.ToString("00", inv)),
                'd' => sb.Append(d.ToString("00", inv)),
                'e' => sb.Append(d.ToString(inv).PadLeft(2)),
                'H' => sb.Append(h.ToString("00", inv)),
                'I' => sb.Append((((h + 11) % 12) + 1).ToString("00", inv)),
                'p' => sb.Append(h < 12 ? "AM" : "PM"),
                'M' => sb.Append(mi.ToString("00", inv)),
                'S' => sb.Append(s.ToString("00", inv)),
                'f' => sb.Append((rest % Temporal.MicrosPerSecond).ToString("000000", inv)),
                'j' => sb.Append((days - Temporal.DaysFromCivil(y, 1, 1) + 1).ToString("000", inv)),
                'a' => sb.Append(inv.DateTimeFormat.AbbreviatedDayNames[IsoWeekday(days) % 7]),
                'A' => sb.Append(inv.DateTimeFormat.DayNames[IsoWeekday(days) % 7]),
                'b' => sb.Append(inv.DateTimeFormat.AbbreviatedMonthNames[m - 1]),
                'B' => sb.Append(inv.DateTimeFormat.MonthNames[m - 1]),
                'u' => sb.Append(IsoWeekday(days).ToString(inv)),
                'w' => sb.Append((IsoWeekday(days) % 7).ToString(inv)),
                'V' => sb.Append(IsoWeek(days).Week.ToString("00", inv)),
                'G' => sb.Append(IsoWeek(days).Year.ToString("0000", inv)),
                'F' => sb.Append(inv, $"{y:0000}-{m:00}-{d:00}"),
                'T' => sb.Append(inv, $"{h:00}:{mi:00}:{s:00}"),
                '%' => sb.Append('%'),
                _ => throw new DataException($"strftime: unsupported specifier '%{c}' in '{pattern}'; use {StrftimeSpecifiers}."),
            };
        }

        return sb.ToString();
    }

    /// <summary>The specifiers <see cref="Format"/> understands.</summary>
    public const string StrftimeSpecifiers = "%Y %y %m %d %e %H %I %p %M %S %f %j %a %A %b %B %u %w %V %G %F %T %%";

    /// <summary>Checks a strftime pattern once, before any row is formatted.</summary>
    public static void CheckPattern(string pattern) => Format(0, pattern);

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : ((a + 1) / b) - 1;

    private static int AddMonths(int days, long n)
    {
        var (y, m, d) = Temporal.CivilFromDays(days);
        var total = checked((y * 12L) + (m - 1) + n);
        var year = (int)Math.Floor(total / 12.0);
        var month = (int)(total - (year * 12L)) + 1;
        if (year is < -9999 or > 99999)
        {
            throw new OverflowException();
        }

        return Temporal.DaysFromCivil(year, month, Math.Min(d, Temporal.DaysInMonth(year, month)));
    }

    private static bool TryDateTime(long micros, DateTimeKind kind, out DateTime value)
    {
        const long MinMicros = -62135596800L * 1_000_000; // 0001-01-01
        const long MaxMicros = 253402300799L * 1_000_000; // 9999-12-31T23:59:59
        value = default;
        if (micros is < MinMicros or > MaxMicros)
        {
            return false;
        }

        value = new DateTime(DateTime.UnixEpoch.Ticks + (micros * 10), kind);
        return true;
    }
}
