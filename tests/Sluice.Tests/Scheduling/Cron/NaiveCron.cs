using System.Globalization;

namespace Sluice.Tests.Scheduling.Cron;

/// <summary>
/// A deliberately simple reference: fields as sets, and a clock that ticks one minute (or second) at a
/// time in real UTC time, applying the documented DST rules literally. Slow, obviously right.
/// </summary>
internal sealed class NaiveCron
{
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private readonly HashSet<int> _seconds;
    private readonly HashSet<int> _minutes;
    private readonly HashSet<int> _hours;
    private readonly HashSet<int> _days;
    private readonly HashSet<int> _months;
    private readonly HashSet<int> _weekdays;
    private readonly bool _dayOr;
    private readonly bool _interval;

    public NaiveCron(string text)
    {
        var f = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        HasSeconds = f.Length == 6;
        var o = HasSeconds ? 1 : 0;
        _seconds = HasSeconds ? Field(f[0], 0, 59, null, 0) : [0];
        _minutes = Field(f[o], 0, 59, null, 0);
        _hours = Field(f[o + 1], 0, 23, null, 0);
        _days = Field(f[o + 2], 1, 31, null, 0);
        _months = Field(f[o + 3], 1, 12, Months, 1);
        _weekdays = [.. Field(f[o + 4], 0, 7, Days, 0).Select(static d => d % 7)];
        _dayOr = !(f[o + 2].StartsWith('*') || f[o + 2].StartsWith('?') || f[o + 4].StartsWith('*') || f[o + 4].StartsWith('?'));
        // Cronos' (and Vixie cron's) "interval" expressions fire on both passes of a repeated hour:
        // a '*', '?', range or step in the second, minute or hour field.
        _interval = f.Take(o + 2).Any(static t => t.IndexOfAny(['*', '?', '-', '/']) >= 0);
    }

    public bool HasSeconds { get; }

    public bool Matches(DateTime wall)
    {
        var dom = _days.Contains(wall.Day);
        var dow = _weekdays.Contains((int)wall.DayOfWeek);
        var day = _dayOr ? dom || dow : dom && dow;
        return day && _months.Contains(wall.Month) && _hours.Contains(wall.Hour) && _minutes.Contains(wall.Minute) && _seconds.Contains(wall.Second);
    }

    /// <summary>Steps real time from <paramref name="after"/>; null when nothing fires within <paramref name="limit"/>.</summary>
    public DateTimeOffset? Next(DateTimeOffset after, TimeZoneInfo zone, TimeSpan limit)
    {
        var step = HasSeconds ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(1);
        var u = new DateTimeOffset(after.UtcTicks - (after.UtcTicks % step.Ticks), TimeSpan.Zero) + step;
        var previousWall = TimeZoneInfo.ConvertTime(u - step, zone).DateTime;
        var end = after + limit;
        for (; u <= end; u += step)
        {
            var wall = TimeZoneInfo.ConvertTime(u, zone).DateTime;
            if (wall - previousWall > step)
            {
                // The clock jumped forward: any skipped matching wall time fires now, at the end of the gap.
                for (var skipped = previousWall + step; skipped < wall; skipped += step)
                {
                    if (Matches(skipped))
                    {
                        return u;
                    }
                }
            }
            var secondPass = zone.IsAmbiguousTime(wall) && zone.GetUtcOffset(u) < zone.GetAmbiguousTimeOffsets(wall).Max();
            previousWall = wall;
            if (Matches(wall) && (!secondPass || _interval))
            {
                return u;
            }
        }
        return null;
    }

    private static HashSet<int> Field(string text, int min, int max, string[]? names, int nameBase)
    {
        var set = new HashSet<int>();
        foreach (var item in text.Split(','))
        {
            var parts = item.Split('/');
            var step = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 1;
            int lo, hi;
            if (parts[0] is "*" or "?")
            {
                (lo, hi) = (min, max);
            }
            else
            {
                var range = parts[0].Split('-');
                lo = Value(range[0], names, nameBase);
                hi = range.Length > 1 ? Value(range[1], names, nameBase) : parts.Length > 1 ? max : lo;
            }
            for (var v = lo; v <= hi; v += step)
            {
                set.Add(v);
            }
        }
        return set;
    }

    private static int Value(string text, string[]? names, int nameBase) =>
        int.TryParse(text, out var n) ? n : Array.IndexOf(names!, text.ToUpperInvariant()) + nameBase;
}
