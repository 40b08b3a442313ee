using Cronos;

namespace Sluice.Scheduling.Cron;

/// <summary>
/// The whitespace-separated fields of cron text with their columns, and the location of an error Cronos
/// reports without one: Cronos names the field kind but not the place, so the culprit is found by parsing
/// each field, then each list entry, alone with every other field <c>*</c>.
/// </summary>
internal static class CronFields
{
    /// <summary>The six field names, seconds first.</summary>
    public static readonly string[] Names = ["second", "minute", "hour", "day-of-month", "month", "day-of-week"];

    private static readonly string[] Allowed =
        ["0-59", "0-59", "0-23", "1-31, L or W", "1-12 or JAN-DEC", "0-7 or SUN-SAT (0 and 7 are Sunday), L or #"];

    /// <summary>The shortcuts Cronos knows.</summary>
    public const string Shortcuts = "@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every_minute, @every_second";

    /// <summary>One field: where it starts (0-based) and its text.</summary>
    public readonly record struct Field(int Start, string Text);

    public static List<Field> Split(string text)
    {
        var fields = new List<Field>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            fields.Add(new Field(start, text[start..i]));
        }
        return fields;
    }

    /// <summary>The fields joined by single spaces, with field <paramref name="replace"/> (if any) replaced by <paramref name="with"/>.</summary>
    public static string Join(List<Field> fields, int replace = -1, string with = "*") =>
        string.Join(' ', fields.Select((f, i) => i == replace ? with : f.Text));

    /// <summary>Parses with Cronos; returns its error (a reason in plain words), or null on success.</summary>
    public static string? TryParse(string text, CronFormat format, out Cronos.CronExpression? result)
    {
        result = null;
        try
        {
            result = Cronos.CronExpression.Parse(text, format);
            return null;
        }
        catch (Cronos.CronFormatException e)
        {
            return Reason(e.Message);
        }
        catch (MissingSeedException)
        {
            return "uses H (a hashed value), which is not supported; write the value itself";
        }
    }

    /// <summary>The error for fields Cronos rejected: the first bad field, and in it the first bad list entry.</summary>
    public static CronFormatException Locate(string expression, List<Field> fields, CronFormat format)
    {
        var offset = 6 - fields.Count;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var name = Names[i + offset];
            if (Alone(fields, i, field.Text, format) is not { } fieldReason)
            {
                continue;
            }
            var entryStart = 0;
            foreach (var entry in field.Text.Split(','))
            {
                var column = field.Start + entryStart + 1;
                entryStart += entry.Length + 1;
                if (entry.Length == 0)
                {
                    return new CronFormatException($"the {name} field '{field.Text}' has an empty list entry; separate values with single commas, as in 1,15", expression, column, name);
                }
                if (Alone(fields, i, entry, format) is { } reason)
                {
                    return new CronFormatException($"the {name} field '{field.Text}' has '{entry}', which is not valid ({reason}); allowed are {Allowed[i + offset]}, with lists, ranges and steps such as 1,15 or 1-5 or */15", expression, column, name);
                }
            }
            // Every entry is fine alone: the list itself is wrong, e.g. '*' or a name mixed into one.
            return new CronFormatException($"the {name} field '{field.Text}' is not valid ({fieldReason}); allowed are {Allowed[i + offset]}, with lists, ranges and steps such as 1,15 or 1-5 or */15", expression, field.Start + 1, name);
        }
        var whole = TryParse(Join(fields), format, out _);
        return new CronFormatException($"the fields do not go together ({whole})", expression, fields[0].Start + 1, null);
    }

    private static string? Alone(List<Field> fields, int index, string text, CronFormat format) =>
        TryParse(string.Join(' ', fields.Select((_, i) => i == index ? text : "*")), format, out _);

    /// <summary>Cronos says "The given cron expression has an invalid format. Hours: Value must be ..."; keep the reason.</summary>
    private static string Reason(string message)
    {
        var colon = message.LastIndexOf(": ", StringComparison.Ordinal);
        var reason = (colon >= 0 ? message[(colon + 2)..] : message).TrimEnd('.');
        return reason.Length > 0 ? char.ToLowerInvariant(reason[0]) + reason[1..] : "not a cron expression";
    }
}
