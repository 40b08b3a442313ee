namespace Sluice.Scheduling.Cron;

public sealed partial class CronExpression
{
    /// <summary>
    /// The first instant strictly after <paramref name="after"/> at which the expression fires, reading
    /// the fields as wall-clock time in <paramref name="zone"/>; null if it never fires again (within 400 years).
    /// </summary>
    /// <remarks>
    /// Precision is one second. Daylight-saving gaps and overlaps follow the rules in the type's remarks:
    /// a skipped local time fires once at the end of the gap; a repeated local time fires once on its
    /// first pass unless <see cref="HourIsWildcard"/>, in which case it fires on both passes. The result
    /// carries the zone's UTC offset at that instant.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="zone"/> is null.</exception>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (IsFixedUtc(zone))
        {
            return NextWallTime(after.UtcDateTime) is { } utc ? new DateTimeOffset(utc, TimeSpan.Zero) : null;
        }

        var local = TimeZoneInfo.ConvertTime(after, zone);
        var wall = local.DateTime;
        DateTimeOffset? best = null;

        // On the first pass of a repeated hour, wall times earlier than now in that hour come round
        // again on the second pass; for wildcard-hour expressions the earliest of them may come first.
        if (HourIsWildcard && zone.IsAmbiguousTime(wall))
        {
            best = SecondPassBeforeWall(after, local.Offset, wall, zone);
        }

        var cursor = wall;
        while (NextWallTime(cursor) is { } candidate)
        {
            cursor = candidate;
            if (Resolve(candidate, after, zone) is { } instant)
            {
                return best is { } b && b < instant ? b : instant;
            }
        }
        return best;
    }

    /// <summary>The instant a matching wall time fires at, if that is after <paramref name="after"/>.</summary>
    private DateTimeOffset? Resolve(DateTime wall, DateTimeOffset after, TimeZoneInfo zone)
    {
        if (zone.IsInvalidTime(wall))
        {
            var end = ZoneTransitions.GapEnd(wall, zone);
            return end > after ? end : null;
        }
        if (zone.IsAmbiguousTime(wall))
        {
            var (early, late) = ZoneTransitions.AmbiguousOffsets(wall, zone);
            var first = new DateTimeOffset(wall, early);
            if (first > after)
            {
                return first;
            }
            var second = new DateTimeOffset(wall, late);
            return HourIsWildcard && second > after ? second : null;
        }
        var only = new DateTimeOffset(wall, zone.GetUtcOffset(wall));
        return only > after ? only : null;
    }

    /// <summary>
    /// For <paramref name="after"/> on the first pass of a repeated hour: the earliest match on the
    /// second pass of that hour (all of which lie after <paramref name="after"/>), or null.
    /// </summary>
    private DateTimeOffset? SecondPassBeforeWall(DateTimeOffset after, TimeSpan offset, DateTime wall, TimeZoneInfo zone)
    {
        var (early, late) = ZoneTransitions.AmbiguousOffsets(wall, zone);
        if (offset != early)
        {
            return null;
        }
        var fold = early - late;
        var transition = ZoneTransitions.NextOffsetChange(after, after + fold, zone);
        var foldStart = transition.UtcDateTime + late;
        var foldEnd = foldStart + fold;
        if (NextWallTime(foldStart.AddTicks(-1)) is { } match && match < foldEnd)
        {
            return new DateTimeOffset(DateTime.SpecifyKind(match, DateTimeKind.Unspecified), late);
        }
        return null;
    }

    private static bool IsFixedUtc(TimeZoneInfo zone) =>
        zone == TimeZoneInfo.Utc || (zone.BaseUtcOffset == TimeSpan.Zero && zone.GetAdjustmentRules().Length == 0);
}
