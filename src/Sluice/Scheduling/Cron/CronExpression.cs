using System.Diagnostics.CodeAnalysis;
using Cronos;

namespace Sluice.Scheduling.Cron;

/// <summary>
/// A parsed cron expression: five fields (minute hour day-of-month month day-of-week) or six with
/// seconds first. Immutable and thread-safe. Parsing and next-fire times are the Cronos library's; this
/// type adds the day rule cron users expect and errors that point at the bad field.
/// </summary>
/// <remarks>
/// <para>Syntax (Cronos): <c>*</c>, lists (<c>1,15,30</c>), ranges (<c>1-5</c>, and wrapping ranges such as
/// <c>22-2</c>), steps (<c>*/15</c>, <c>1-30/5</c>, <c>5/15</c>), month names (<c>JAN</c>..<c>DEC</c>) and weekday
/// names (<c>SUN</c>..<c>SAT</c>), case-insensitive; 0 and 7 both mean Sunday; <c>?</c> is a synonym of
/// <c>*</c>; <c>L</c> (last day of the month, last Friday <c>5L</c>), <c>W</c> (nearest weekday <c>15W</c>) and
/// <c>#</c> (third Friday <c>5#3</c>). The shortcuts <c>@yearly</c> (<c>@annually</c>), <c>@monthly</c>,
/// <c>@weekly</c>, <c>@daily</c> (<c>@midnight</c>), <c>@hourly</c>, <c>@every_minute</c> and
/// <c>@every_second</c> stand for their usual expansions. Hashed values (<c>H</c>) are rejected.</para>
/// <para>Days follow the POSIX (Vixie cron) rule, as crontab, Kubernetes CronJobs and Airflow do, rather
/// than Cronos' own AND: when both day-of-month and day-of-week are restricted (neither starts with
/// <c>*</c> or <c>?</c>), a day matches if <em>either</em> matches; otherwise both must match. So
/// <c>0 0 1,15 * MON</c> fires on the 1st, the 15th and every Monday, while <c>0 0 */2 * MON</c> fires on
/// Mondays that fall on an odd day of the month.</para>
/// <para>Daylight saving time, for <see cref="GetNextOccurrence(DateTimeOffset, TimeZoneInfo)"/> (Cronos' rules,
/// which are Vixie cron's):</para>
/// <list type="bullet">
/// <item>A local time that does not exist (the clock springs forward over it) fires once, at the first
/// instant after the gap: <c>30 2 * * *</c> in America/New_York on 2026-03-08 fires at 03:00 EDT. Several
/// skipped times collapse into that single fire.</item>
/// <item>A local time that occurs twice (the clock falls back) fires once, on its first occurrence
/// (the daylight-time one) — unless the second, minute or hour field contains <c>*</c>, <c>?</c>, a range or
/// a step (<c>*/30 * * * *</c>, <c>@hourly</c>, <c>*/30 2 * * *</c>, <c>0 1-3 * * *</c>): such "interval"
/// expressions follow real elapsed time and fire on both passes.</item>
/// </list>
/// </remarks>
public sealed class CronExpression
{
    // When the POSIX OR rule applies, the days are the union of two schedules: day-of-month alone and
    // day-of-week alone; the next fire is the earlier of theirs. Cronos applies its DST rules to each.
    private readonly Cronos.CronExpression _schedule;
    private readonly Cronos.CronExpression? _byWeekday;

    private CronExpression(string text, Cronos.CronExpression schedule, Cronos.CronExpression? byWeekday)
    {
        Text = text;
        _schedule = schedule;
        _byWeekday = byWeekday;
    }

    /// <summary>The expression as given.</summary>
    public string Text { get; }

    /// <summary>Parses <paramref name="expression"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="expression"/> is null.</exception>
    /// <exception cref="CronFormatException">The expression is invalid; <see cref="CronFormatException.Column"/> points at the bad field.</exception>
    public static CronExpression Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return TryParse(expression, out var result, out var error) ? result : throw error;
    }

    /// <summary>Parses <paramref name="expression"/>; on failure <paramref name="error"/> says what and where.</summary>
    public static bool TryParse(string? expression, [NotNullWhen(true)] out CronExpression? result, [NotNullWhen(false)] out CronFormatException? error)
    {
        result = null;
        if (expression is null)
        {
            error = new CronFormatException("a cron expression cannot be empty", string.Empty, 1, null);
            return false;
        }
        var fields = CronFields.Split(expression);
        if (fields.Count == 1 && fields[0].Text.StartsWith('@'))
        {
            error = CronFields.TryParse(fields[0].Text, CronFormat.Standard, out var macro) is null
                ? null
                : new CronFormatException($"unknown shortcut '{fields[0].Text}'; use one of {CronFields.Shortcuts} or five fields such as '0 2 * * *'", expression, fields[0].Start + 1, null);
            result = error is null ? new CronExpression(expression, macro!, null) : null;
            return error is null;
        }
        if (fields.Count is not (5 or 6))
        {
            error = new CronFormatException(
                $"it has {fields.Count} field(s); a cron expression has 5 (minute hour day-of-month month day-of-week) or 6 (seconds first)",
                expression, fields.Count == 0 ? 1 : fields[0].Start + 1, null);
            return false;
        }
        var format = fields.Count == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        if (CronFields.TryParse(CronFields.Join(fields), format, out var schedule) is not null)
        {
            error = CronFields.Locate(expression, fields, format);
            return false;
        }
        int dayOfMonth = fields.Count - 3, dayOfWeek = fields.Count - 1;
        Cronos.CronExpression? byWeekday = null;
        if (!IsUnrestricted(fields[dayOfMonth].Text) && !IsUnrestricted(fields[dayOfWeek].Text))
        {
            // Each half parses: it is the parsed expression with one day field widened to '*'.
            CronFields.TryParse(CronFields.Join(fields, dayOfWeek, "*"), format, out schedule);
            CronFields.TryParse(CronFields.Join(fields, dayOfMonth, "*"), format, out byWeekday);
        }
        var probe = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
        if (schedule!.GetNextOccurrence(probe, TimeZoneInfo.Utc) is null && byWeekday?.GetNextOccurrence(probe, TimeZoneInfo.Utc) is null)
        {
            error = new CronFormatException(
                "the day-of-month field names no day that exists in the chosen month(s), so the expression would never fire",
                expression, fields[dayOfMonth].Start + 1, CronFields.Names[dayOfMonth + 6 - fields.Count]);
            return false;
        }
        error = null;
        result = new CronExpression(expression, schedule, byWeekday);
        return true;
    }

    /// <summary>
    /// The first instant strictly after <paramref name="after"/> at which the expression fires, reading
    /// the fields as wall-clock time in <paramref name="zone"/>; null if it never fires again. The result
    /// carries the zone's UTC offset at that instant; daylight-saving gaps and overlaps follow the rules in
    /// the type's remarks.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="zone"/> is null.</exception>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var next = _schedule.GetNextOccurrence(after, zone);
        if (_byWeekday?.GetNextOccurrence(after, zone) is { } other && (next is null || other < next))
        {
            next = other;
        }
        return next;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static bool IsUnrestricted(string field) => field[0] is '*' or '?';
}
