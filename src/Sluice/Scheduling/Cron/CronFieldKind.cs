namespace Sluice.Scheduling.Cron;

/// <summary>Bounds and names of one cron field.</summary>
internal sealed record CronFieldKind(string Name, int Min, int Max, string[]? Names, int NameBase, bool AllowsQuestionMark)
{
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    public static readonly CronFieldKind Second = new("second", 0, 59, null, 0, false);
    public static readonly CronFieldKind Minute = new("minute", 0, 59, null, 0, false);
    public static readonly CronFieldKind Hour = new("hour", 0, 23, null, 0, false);
    public static readonly CronFieldKind DayOfMonth = new("day-of-month", 1, 31, null, 0, true);
    public static readonly CronFieldKind Month = new("month", 1, 12, MonthNames, 1, false);

    /// <summary>0 and 7 are both Sunday.</summary>
    public static readonly CronFieldKind DayOfWeek = new("day-of-week", 0, 7, DayNames, 0, true);

    public string Range => Names is null
        ? $"{Min}-{Max}"
        : $"{Min}-{Max} or {string.Join(", ", Names)}";
}
