namespace Sluice.Definition;

/// <summary>
/// <c>sla: {done_by: "06:00", timezone: Europe/Paris}</c> of a pipeline: a run its schedule started must have ended by
/// this wall-clock time, in this time zone, on the day after the (local) day the schedule fired for. A run fired for
/// 2026-03-28 23:30 Paris time must end by 2026-03-29 06:00 Paris time, whatever the clocks did in between.
/// </summary>
/// <param name="At">The local time of day.</param>
/// <param name="TimeZone">An IANA (or Windows) time zone id; <c>UTC</c> when not given.</param>
public sealed record SlaDoneBy(TimeOnly At, string TimeZone)
{
    /// <summary>
    /// The deadline of a run whose schedule fired at <paramref name="fireTime"/> (its logical date). A local time that
    /// does not exist that day (the clocks jumped over it) is the instant after the jump; one that happens twice (the
    /// clocks went back) is its first occurrence.
    /// </summary>
    /// <exception cref="TimeZoneNotFoundException">The time zone is unknown (definitions are validated, so not for a loaded one).</exception>
    public DateTimeOffset DeadlineFor(DateTimeOffset fireTime)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        var fired = TimeZoneInfo.ConvertTime(fireTime, zone);
        var local = DateOnly.FromDateTime(fired.DateTime).AddDays(1).ToDateTime(At, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (zone.IsInvalidTime(local))
        {
            // In the gap of a spring-forward: with the offset from before the jump, the wall time lands just after it.
            offset = zone.GetUtcOffset(local.AddHours(-6));
        }
        else if (zone.IsAmbiguousTime(local))
        {
            // The larger offset is the earlier of the two instants (before the clocks went back).
            offset = zone.GetAmbiguousTimeOffsets(local).Max();
        }
        else
        {
            offset = zone.GetUtcOffset(local);
        }
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
