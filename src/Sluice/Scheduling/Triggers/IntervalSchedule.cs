using Sluice.Definition;

namespace Sluice.Scheduling.Triggers;

/// <summary>
/// Fires every <see cref="Every"/> on a fixed grid anchored at <see cref="StartAt"/>: at
/// <c>StartAt + k × Every</c> for k = 0, 1, 2... The grid is independent of when the scheduler runs, so
/// restarts never shift it. Daylight saving time does not apply: intervals are real elapsed time.
/// </summary>
public sealed class IntervalSchedule : ISchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="every">The period; more than zero.</param>
    /// <param name="startAt">The first fire and anchor of the grid. The default is the Unix epoch, so <c>every: 15m</c> fires at :00, :15, :30 and :45 UTC.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="every"/> is zero or negative.</exception>
    public IntervalSchedule(TimeSpan every, DateTimeOffset? startAt = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(every, TimeSpan.Zero);
        Every = every;
        StartAt = startAt ?? DateTimeOffset.UnixEpoch;
    }

    /// <summary>The period.</summary>
    public TimeSpan Every { get; }

    /// <summary>The anchor: the first fire; nothing fires before it.</summary>
    public DateTimeOffset StartAt { get; }

    /// <inheritdoc />
    public string Description => $"every {DurationParser.Format(Every)} from {StartAt:O}";

    /// <inheritdoc />
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after)
    {
        if (after < StartAt)
        {
            return StartAt;
        }
        var periods = ((after.UtcTicks - StartAt.UtcTicks) / Every.Ticks) + 1;
        var ticks = StartAt.UtcTicks + (periods * Every.Ticks);
        return ticks <= DateTimeOffset.MaxValue.UtcTicks && ticks > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
    }
}
