using System.Globalization;

namespace Sluice.Definition.Validation;

/// <summary>
/// Checks cron expressions: five fields (minute hour day-of-month month day-of-week) or six with
/// seconds first; <c>*</c>, <c>?</c>, lists, ranges, steps, month and weekday names, and the
/// <c>@hourly</c>/<c>@daily</c>/<c>@weekly</c>/<c>@monthly</c>/<c>@yearly</c> shortcuts.
/// </summary>
public static class CronSyntax
{
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
    private static readonly string[] Macros = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];

    private readonly record struct Field(string Name, int Min, int Max, string[]? Names, int NameBase);

    private static readonly Field Second = new("second", 0, 59, null, 0);
    private static readonly Field Minute = new("minute", 0, 59, null, 0);
    private static readonly Field Hour = new("hour", 0, 23, null, 0);
    private static readonly Field DayOfMonth = new("day-of-month", 1, 31, null, 0);
    private static readonly Field Month = new("month", 1, 12, Months, 1);
    private static readonly Field DayOfWeek = new("day-of-week", 0, 7, Days, 0);

    /// <summary>Returns null when <paramref name="expression"/> is valid, else what is wrong with it.</summary>
    public static string? Check(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var text = expression.Trim();
        if (text.StartsWith('@'))
        {
            return Macros.Contains(text, StringComparer.OrdinalIgnoreCase) ? null : $"unknown shortcut '{text}'; use one of {string.Join(", ", Macros)}";
        }
        var parts = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        Field[] fields = parts.Length switch
        {
            5 => [Minute, Hour, DayOfMonth, Month, DayOfWeek],
            6 => [Second, Minute, Hour, DayOfMonth, Month, DayOfWeek],
            _ => [],
        };
        if (fields.Length == 0)
        {
            return $"it has {parts.Length} field(s); a cron expression has 5 (minute hour day-of-month month day-of-week) or 6 (with seconds first)";
        }
        for (var i = 0; i < parts.Length; i++)
        {
            if (CheckField(parts[i], fields[i]) is { } error)
            {
                return error;
            }
        }
        return null;
    }

    private static string? CheckField(string part, Field field)
    {
        foreach (var item in part.Split(','))
        {
            if (item.Length == 0)
            {
                return $"the {field.Name} field '{part}' has an empty list entry";
            }
            var slash = item.IndexOf('/', StringComparison.Ordinal);
            var range = slash >= 0 ? item[..slash] : item;
            if (slash >= 0 && (!int.TryParse(item[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var step) || step < 1))
            {
                return $"the {field.Name} field '{part}' has a bad step '{item[(slash + 1)..]}'; a step is a whole number of 1 or more";
            }
            if (range is "*" or "?")
            {
                if (range == "?" && field.Name is not ("day-of-month" or "day-of-week"))
                {
                    return $"'?' is only allowed in the day-of-month and day-of-week fields, not in the {field.Name} field";
                }
                continue;
            }
            var dash = range.IndexOf('-', 1);
            var low = dash > 0 ? range[..dash] : range;
            var high = dash > 0 ? range[(dash + 1)..] : null;
            if (Value(low, field) is not { } lo)
            {
                return $"the {field.Name} field has '{low}', which is not a number between {field.Min} and {field.Max}" + NamesHint(field);
            }
            if (high is not null)
            {
                if (Value(high, field) is not { } hi)
                {
                    return $"the {field.Name} field has '{high}', which is not a number between {field.Min} and {field.Max}" + NamesHint(field);
                }
                if (hi < lo)
                {
                    return $"the {field.Name} range '{range}' ends before it starts";
                }
            }
        }
        return null;
    }

    private static int? Value(string text, Field field)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return n >= field.Min && n <= field.Max ? n : null;
        }
        if (field.Names is { } names)
        {
            var i = Array.FindIndex(names, x => string.Equals(x, text, StringComparison.OrdinalIgnoreCase));
            return i >= 0 ? i + field.NameBase : null;
        }
        return null;
    }

    private static string NamesHint(Field field) => field.Names is null ? string.Empty : $" or a name ({string.Join(", ", field.Names)})";
}
