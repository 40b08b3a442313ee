using System.Diagnostics.CodeAnalysis;

namespace Sluice.Scheduling.Cron;

/// <summary>
/// A parsed cron expression: five fields (minute hour day-of-month month day-of-week) or six with
/// seconds first. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>Syntax: <c>*</c>, lists (<c>1,15,30</c>), ranges (<c>1-5</c>), steps (<c>*/15</c>, <c>1-30/5</c>,
/// and <c>5/15</c> meaning <c>5-max/15</c>), month names (<c>JAN</c>..<c>DEC</c>) and weekday names
/// (<c>SUN</c>..<c>SAT</c>), case-insensitive; 0 and 7 both mean Sunday; <c>?</c> is accepted in the two day
/// fields as a synonym of <c>*</c>. The shortcuts <c>@yearly</c> (<c>@annually</c>), <c>@monthly</c>,
/// <c>@weekly</c>, <c>@daily</c> (<c>@midnight</c>) and <c>@hourly</c> stand for their usual expansions.</para>
/// <para>Days follow the POSIX (Vixie cron) rule: when both day-of-month and day-of-week are restricted
/// (neither starts with <c>*</c> or <c>?</c>), a day matches if <em>either</em> matches; otherwise both must
/// match. So <c>0 0 1,15 * MON</c> fires on the 1st, the 15th and every Monday, while <c>0 0 */2 * MON</c>
/// fires on Mondays that fall on an odd day of the month.</para>
/// <para>Daylight saving time, for <see cref="GetNextOccurrence(DateTimeOffset, TimeZoneInfo)"/>:</para>
/// <list type="bullet">
/// <item>A local time that does not exist (the clock springs forward over it) fires once, at the first
/// instant after the gap: <c>30 2 * * *</c> in America/New_York on 2025-03-09 fires at 03:00 EDT. Several
/// skipped times collapse into that single fire.</item>
/// <item>A local time that occurs twice (the clock falls back) fires once, on its first occurrence
/// (the daylight-time one) — unless the hour field contains <c>*</c> or a step (<c>*/2</c>), such as
/// "every 30 minutes" or <c>@hourly</c>: those follow real elapsed time and fire on both passes.</item>
/// </list>
/// </remarks>
public sealed partial class CronExpression
{
    private readonly ulong _seconds;
    private readonly ulong _minutes;
    private readonly ulong _hours;
    private readonly ulong _days;
    private readonly ulong _months;
    private readonly ulong _weekdays;
    private readonly bool _dayOfMonthStar;
    private readonly bool _dayOfWeekStar;

    private CronExpression(string text, CronParser.Masks masks)
    {
        Text = text;
        _seconds = masks.Seconds;
        _minutes = masks.Minutes;
        _hours = masks.Hours;
        _days = masks.Days;
        _months = masks.Months;
        _weekdays = masks.Weekdays;
        _dayOfMonthStar = masks.DayOfMonthStar;
        _dayOfWeekStar = masks.DayOfWeekStar;
        HourIsWildcard = masks.HourWildcard;
    }

    /// <summary>The expression as given.</summary>
    public string Text { get; }

    /// <summary>
    /// True when the hour field contains <c>*</c> or a step: such expressions fire on both passes of a
    /// repeated (fall-back) local hour.
    /// </summary>
    public bool HourIsWildcard { get; }

    /// <summary>Parses <paramref name="expression"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="expression"/> is null.</exception>
    /// <exception cref="CronFormatException">The expression is invalid; <see cref="CronFormatException.Column"/> points at the bad field.</exception>
    public static CronExpression Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var masks = CronParser.Parse(expression, out var error);
        return error is null ? new CronExpression(expression, masks) : throw error;
    }

    /// <summary>Parses <paramref name="expression"/>; on failure <paramref name="error"/> says what and where.</summary>
    public static bool TryParse(string? expression, [NotNullWhen(true)] out CronExpression? result, [NotNullWhen(false)] out CronFormatException? error)
    {
        if (expression is null)
        {
            result = null;
            error = new CronFormatException("a cron expression cannot be empty", string.Empty, 1, null);
            return false;
        }
        var masks = CronParser.Parse(expression, out error);
        result = error is null ? new CronExpression(expression, masks) : null;
        return result is not null;
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
