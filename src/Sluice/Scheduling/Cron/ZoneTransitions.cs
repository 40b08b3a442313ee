namespace Sluice.Scheduling.Cron;

/// <summary>
/// Locates daylight-saving transitions by bisection, since <see cref="TimeZoneInfo"/> answers "is this
/// local time skipped or repeated?" but not "when does the clock change?".
/// </summary>
internal static class ZoneTransitions
{
    // Offsets range from -12h to +14h, so a wall time's instants lie within this window around it.
    private static readonly TimeSpan Before = TimeSpan.FromHours(15);
    private static readonly TimeSpan After = TimeSpan.FromHours(13);

    /// <summary>For a local time inside a spring-forward gap: the instant the clock jumped (the first valid instant after the gap).</summary>
    public static DateTimeOffset GapEnd(DateTime wall, TimeZoneInfo zone)
    {
        // Smallest instant whose wall time is later than the skipped one. Wall time is monotonic in
        // this window because no zone has a fall-back within a day of a spring-forward.
        var lo = new DateTimeOffset(wall - Before, TimeSpan.Zero).UtcTicks;
        var hi = new DateTimeOffset(wall + After, TimeSpan.Zero).UtcTicks;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (TimeZoneInfo.ConvertTime(new DateTimeOffset(mid, TimeSpan.Zero), zone).DateTime > wall)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }
        return TimeZoneInfo.ConvertTime(new DateTimeOffset(lo, TimeSpan.Zero), zone);
    }

    /// <summary>The first instant in (<paramref name="from"/>, <paramref name="to"/>] whose UTC offset differs from <paramref name="from"/>'s (or <paramref name="to"/>).</summary>
    public static DateTimeOffset NextOffsetChange(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
        var offset = zone.GetUtcOffset(from);
        var lo = from.UtcTicks + 1;
        var hi = to.UtcTicks;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (zone.GetUtcOffset(new DateTimeOffset(mid, TimeSpan.Zero)) != offset)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }
        return new DateTimeOffset(lo, TimeSpan.Zero);
    }

    /// <summary>The two offsets of a repeated local time: the earlier pass's (larger offset) and the later pass's.</summary>
    public static (TimeSpan Early, TimeSpan Late) AmbiguousOffsets(DateTime wall, TimeZoneInfo zone)
    {
        var offsets = zone.GetAmbiguousTimeOffsets(wall);
        var early = offsets[0];
        var late = offsets[0];
        foreach (var o in offsets)
        {
            early = o > early ? o : early;
            late = o < late ? o : late;
        }
        return (early, late);
    }
}
