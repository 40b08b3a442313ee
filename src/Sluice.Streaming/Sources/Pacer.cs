namespace Sluice.Streaming.Sources;

/// <summary>Holds reading to a fixed rate of events (<c>max_events_per_second</c>): replays in tests and latency measurements.</summary>
internal sealed class Pacer(long maxPerSecond, TimeProvider time)
{
    private long _events;
    private long _startedAt = -1;

    /// <summary>Waits until <paramref name="rows"/> more events are due at the rate; no wait when the rate is 0 (unlimited).</summary>
    public async ValueTask PaceAsync(int rows, CancellationToken cancellationToken)
    {
        if (maxPerSecond <= 0 || rows == 0)
        {
            return;
        }

        if (_startedAt < 0)
        {
            _startedAt = time.GetTimestamp();
        }

        _events += rows;
        var ahead = TimeSpan.FromSeconds((double)_events / maxPerSecond) - time.GetElapsedTime(_startedAt);
        if (ahead > TimeSpan.Zero)
        {
            await Task.Delay(ahead, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
