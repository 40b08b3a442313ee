namespace Sluice.Scheduling.Triggers;

/// <summary>A time-based schedule: the instants at which a trigger fires.</summary>
public interface ISchedule
{
    /// <summary>The first fire strictly after <paramref name="after"/>, or null when the schedule never fires again.</summary>
    DateTimeOffset? GetNextOccurrence(DateTimeOffset after);

    /// <summary>A short human description, such as <c>cron '0 2 * * *' (UTC)</c> or <c>every 15m</c>.</summary>
    string Description { get; }
}
