using System.Globalization;

namespace Sluice.Scheduling.Cron;

/// <summary>Turns cron text into bit masks, reporting the column of the first bad field.</summary>
internal static class CronParser
{
    private static readonly (string Name, string Expansion)[] Macros =
    [
        ("@yearly", "0 0 1 1 *"),
        ("@annually", "0 0 1 1 *"),
        ("@monthly", "0 0 1 * *"),
        ("@weekly", "0 0 * * 0"),
        ("@daily", "0 0 * * *"),
        ("@midnight", "0 0 * * *"),
        ("@hourly", "0 * * * *"),
    ];

    private static readonly CronFieldKind[] FiveFields = [CronFieldKind.Minute, CronFieldKind.Hour, CronFieldKind.DayOfMonth, CronFieldKind.Month, CronFieldKind.DayOfWeek];
    private static readonly CronFieldKind[] SixFields = [CronFieldKind.Second, .. FiveFields];

    /// <summary>The parsed masks: bit n set means value n matches.</summary>
    internal readonly record struct Masks(ulong Seconds, ulong Minutes, ulong Hours, ulong Days, ulong Months, ulong Weekdays, bool DayOfMonthStar, bool DayOfWeekStar, bool HourWildcard);

    public static Masks Parse(string expression, out CronFormatException? error)
    {
        error = null;
        var trimmed = expression.AsSpan().TrimStart();
        var lead = expression.Length - trimmed.Length;
        var text = expression;
        if (trimmed.StartsWith("@"))
        {
            var name = trimmed.TrimEnd().ToString();
            foreach (var (macro, expansion) in Macros)
            {
                if (string.Equals(macro, name, StringComparison.OrdinalIgnoreCase))
                {
                    return Parse(expansion, out error);
                }
            }
            error = new CronFormatException(
                $"unknown shortcut '{name}'; use one of {string.Join(", ", Macros.Select(static m => m.Name))} or five fields such as '0 2 * * *'",
                expression, lead + 1, null);
            return default;
        }

        Span<Range> parts = stackalloc Range[8];
        var count = Split(text, parts);
        if (count is not (5 or 6))
        {
            error = new CronFormatException(
                $"it has {count} field(s); a cron expression has 5 (minute hour day-of-month month day-of-week) or 6 (seconds first)",
                expression, lead + 1, null);
            return default;
        }
        var kinds = count == 5 ? FiveFields : SixFields;
        Span<ulong> masks = stackalloc ulong[6];
        masks[0] = 1; // seconds default to :00 in the five-field form
        var offset = 6 - count;
        bool domStar = false, dowStar = false, hourWildcard = false;
        var domColumn = 1;
        for (var i = 0; i < count; i++)
        {
            var kind = kinds[i];
            var (start, length) = parts[i].GetOffsetAndLength(text.Length);
            var field = text.Substring(start, length);
            if (!TryParseField(field, kind, out var mask, out var message, out var at))
            {
                error = new CronFormatException($"the {kind.Name} field '{field}' {message}", expression, start + at + 1, kind.Name);
                return default;
            }
            var star = field[0] is '*' or '?';
            if (kind == CronFieldKind.DayOfMonth)
            {
                domStar = star;
                domColumn = start + 1;
            }
            else if (kind == CronFieldKind.DayOfWeek)
            {
                dowStar = star;
                // 7 is Sunday too.
                mask = (mask | (mask >> 7)) & 0x7F;
            }
            else if (kind == CronFieldKind.Hour)
            {
                hourWildcard = field.Contains('*', StringComparison.Ordinal) || field.Contains('/', StringComparison.Ordinal);
            }
            masks[i + offset] = mask;
        }
        // With the AND rule the day-of-month must exist in one of the months, or the expression never fires.
        if ((domStar || dowStar) && !AnyDayExists(masks[3], masks[4]))
        {
            error = new CronFormatException(
                "the day-of-month field names no day that exists in the chosen month(s), so the expression would never fire",
                expression, domColumn, CronFieldKind.DayOfMonth.Name);
            return default;
        }
        return new Masks(masks[0], masks[1], masks[2], masks[3], masks[4], masks[5], domStar, dowStar, hourWildcard);
    }

    private static bool AnyDayExists(ulong days, ulong months)
    {
        for (var month = 1; month <= 12; month++)
        {
            if ((months & (1UL << month)) == 0)
            {
                continue;
            }
            // February counts 29 days: the expression fires in leap years.
            var length = month == 2 ? 29 : DateTime.DaysInMonth(2001, month);
            var inMonth = days & ((1UL << (length + 1)) - 1);
            if (inMonth != 0)
            {
                return true;
            }
        }
        return false;
    }

    private static int Split(string text, Span<Range> parts)
    {
        var count = 0;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            if (i == text.Length)
            {
                break;
            }
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            if (count < parts.Length)
            {
                parts[count] = new Range(start, i);
            }
            count++;
        }
        return count;
    }

    private static bool TryParseField(string field, CronFieldKind kind, out ulong mask, out string message, out int at)
    {
        mask = 0;
        message = string.Empty;
        at = 0;
        var itemStart = 0;
        while (itemStart <= field.Length)
        {
            var comma = field.IndexOf(',', itemStart);
            var itemEnd = comma < 0 ? field.Length : comma;
            at = itemStart;
            if (!TryParseItem(field.AsSpan(itemStart, itemEnd - itemStart), kind, ref mask, out message))
            {
                return false;
            }
            if (comma < 0)
            {
                return true;
            }
            itemStart = comma + 1;
        }
        return true;
    }

    private static bool TryParseItem(ReadOnlySpan<char> item, CronFieldKind kind, ref ulong mask, out string message)
    {
        message = string.Empty;
        if (item.IsEmpty)
        {
            message = "has an empty list entry";
            return false;
        }
        var step = 1;
        var slash = item.IndexOf('/');
        var range = slash >= 0 ? item[..slash] : item;
        if (slash >= 0)
        {
            var stepText = item[(slash + 1)..];
            if (!int.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1)
            {
                message = $"has a bad step '{stepText}'; a step is a whole number of 1 or more, as in */15";
                return false;
            }
        }
        int low, high;
        if (range is "*" || range is "?")
        {
            if (range is "?" && !kind.AllowsQuestionMark)
            {
                message = "uses '?', which is only allowed in the day-of-month and day-of-week fields";
                return false;
            }
            (low, high) = (kind.Min, kind.Max);
        }
        else
        {
            var dash = range.Length > 1 ? range[1..].IndexOf('-') : -1;
            var lowText = dash >= 0 ? range[..(dash + 1)] : range;
            if (!TryValue(lowText, kind, out low, out message))
            {
                return false;
            }
            high = slash >= 0 ? kind.Max : low;
            if (dash >= 0)
            {
                if (!TryValue(range[(dash + 2)..], kind, out high, out message))
                {
                    return false;
                }
                if (high < low)
                {
                    message = $"has the range '{range}', which ends before it starts; write it as two ranges, as in {high}-{kind.Max},{kind.Min}-{low}";
                    return false;
                }
            }
        }
        for (var v = low; v <= high; v += step)
        {
            mask |= 1UL << v;
        }
        return true;
    }

    private static bool TryValue(ReadOnlySpan<char> text, CronFieldKind kind, out int value, out string message)
    {
        message = string.Empty;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            if (value >= kind.Min && value <= kind.Max)
            {
                return true;
            }
            message = $"has {value}, which is out of range; allowed are {kind.Range}";
            return false;
        }
        if (kind.Names is { } names)
        {
            for (var i = 0; i < names.Length; i++)
            {
                if (text.Equals(names[i], StringComparison.OrdinalIgnoreCase))
                {
                    value = i + kind.NameBase;
                    return true;
                }
            }
        }
        var hint = text.IndexOfAny("LW#") >= 0 ? " (the Quartz extensions L, W and # are not supported)" : string.Empty;
        message = $"has '{text.ToString()}', which is not a value; allowed are {kind.Range}{hint}";
        return false;
    }
}
