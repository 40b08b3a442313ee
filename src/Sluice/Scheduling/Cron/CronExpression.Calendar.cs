using System.Numerics;

namespace Sluice.Scheduling.Cron;

public sealed partial class CronExpression
{
    /// <summary>Searching stops this many years past the start; only impossible dates (rejected by the parser) get that far.</summary>
    private const int SearchYears = 400;

    /// <summary>
    /// The first wall-clock time (whole seconds) strictly after <paramref name="after"/> that matches,
    /// ignoring time zones: a field-wise search that jumps straight to the next allowed month, day, hour,
    /// minute and second.
    /// </summary>
    internal DateTime? NextWallTime(DateTime after)
    {
        var ticks = after.Ticks - (after.Ticks % TimeSpan.TicksPerSecond);
        if (ticks >= DateTime.MaxValue.Ticks - TimeSpan.TicksPerSecond)
        {
            return null;
        }
        var t = new DateTime(ticks + TimeSpan.TicksPerSecond, DateTimeKind.Unspecified);
        int year = t.Year, month = t.Month, day = t.Day, hour = t.Hour, minute = t.Minute, second = t.Second;
        var lastYear = Math.Min(year + SearchYears, DateTime.MaxValue.Year - 1);
        while (year <= lastYear)
        {
            var nextMonth = NextBit(_months, month);
            if (nextMonth != month)
            {
                if (nextMonth < 0)
                {
                    year++;
                    nextMonth = NextBit(_months, 1);
                }
                (month, day, hour, minute, second) = (nextMonth, 1, 0, 0, 0);
                continue;
            }
            if (day > DateTime.DaysInMonth(year, month))
            {
                (month, day, hour, minute, second) = (month + 1, 1, 0, 0, 0);
                if (month > 12)
                {
                    (year, month) = (year + 1, 1);
                }
                continue;
            }
            if (!DayMatches(year, month, day))
            {
                day = NextCandidateDay(day);
                (hour, minute, second) = (0, 0, 0);
                continue;
            }
            var nextHour = NextBit(_hours, hour);
            if (nextHour < 0)
            {
                (day, hour, minute, second) = (day + 1, 0, 0, 0);
                continue;
            }
            if (nextHour != hour)
            {
                (hour, minute, second) = (nextHour, 0, 0);
            }
            var nextMinute = NextBit(_minutes, minute);
            if (nextMinute < 0)
            {
                (minute, second) = (0, 0);
                if (++hour > 23)
                {
                    (day, hour) = (day + 1, 0);
                }
                continue;
            }
            if (nextMinute != minute)
            {
                (minute, second) = (nextMinute, 0);
            }
            var nextSecond = NextBit(_seconds, second);
            if (nextSecond < 0)
            {
                second = 0;
                if (++minute > 59)
                {
                    minute = 0;
                    if (++hour > 23)
                    {
                        (day, hour) = (day + 1, 0);
                    }
                }
                continue;
            }
            return new DateTime(year, month, day, hour, minute, nextSecond, DateTimeKind.Unspecified);
        }
        return null;
    }

    private bool DayMatches(int year, int month, int day)
    {
        var byDate = (_days & (1UL << day)) != 0;
        var byWeekday = (_weekdays & (1UL << (int)new DateTime(year, month, day).DayOfWeek)) != 0;
        return _dayOfMonthStar || _dayOfWeekStar ? byDate && byWeekday : byDate || byWeekday;
    }

    /// <summary>When only the day of month decides (weekday unrestricted), jump to its next allowed value.</summary>
    private int NextCandidateDay(int day)
    {
        if (_weekdays == 0x7F && (_dayOfMonthStar || _dayOfWeekStar))
        {
            var next = NextBit(_days, day + 1);
            return next < 0 ? 32 : next;
        }
        return day + 1;
    }

    /// <summary>The lowest set bit at or above <paramref name="from"/>, or -1.</summary>
    private static int NextBit(ulong mask, int from)
    {
        if (from > 63)
        {
            return -1;
        }
        var rest = mask & (ulong.MaxValue << from);
        return rest == 0 ? -1 : BitOperations.TrailingZeroCount(rest);
    }
}
