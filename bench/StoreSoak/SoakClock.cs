namespace StoreSoak;

/// <summary>A clock the soak moves forward by hand, so 10,000 runs span months and retention has something to delete.</summary>
internal sealed class SoakClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
