using Sluice.Scheduling.Cron;

namespace Sluice.Scheduling.Triggers;

/// <summary>A cron expression read as wall-clock time in a time zone (see <see cref="CronExpression"/> for the DST rules).</summary>
public sealed class CronSchedule : ISchedule
{
    /// <summary>Creates the schedule; <paramref name="zone"/> defaults to UTC.</summary>
    public CronSchedule(CronExpression expression, TimeZoneInfo? zone = null)
    {
        Expression = expression ?? throw new ArgumentNullException(nameof(expression));
        Zone = zone ?? TimeZoneInfo.Utc;
    }

    /// <summary>The expression.</summary>
    public CronExpression Expression { get; }

    /// <summary>The zone whose wall clock the fields describe.</summary>
    public TimeZoneInfo Zone { get; }

    /// <inheritdoc />
    public string Description => $"cron '{Expression.Text}' ({Zone.Id})";

    /// <inheritdoc />
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after) => Expression.GetNextOccurrence(after, Zone);
}
