namespace Sluice.Testing.Clock;

/// <summary>
/// A clock that starts at a chosen instant and then moves with real time, in UTC. A frozen clock would stop the run:
/// retry delays, timeouts and leases wait on its timers, so they keep the system's; only the readings are shifted.
/// </summary>
internal sealed class FixedStartClock : TimeProvider
{
    private readonly DateTimeOffset _start;
    private readonly long _origin;

    public FixedStartClock(DateTimeOffset start)
    {
        _start = start.ToUniversalTime();
        _origin = System.GetTimestamp();
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow() => _start + System.GetElapsedTime(_origin);
}
