namespace Sluice.Server.Metrics;

/// <summary>A Prometheus histogram of durations in seconds with fixed buckets. Thread-safe.</summary>
internal sealed class DurationHistogram
{
    /// <summary>Upper bounds in seconds: from 5 ms (a no-op task) to an hour (a heavy batch step).</summary>
    public static readonly double[] Bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

    private readonly object _gate = new();
    private readonly long[] _counts = new long[Bounds.Length];
    private long _count;
    private double _sum;

    public void Observe(double seconds)
    {
        var i = Array.BinarySearch(Bounds, seconds);
        if (i < 0)
        {
            i = ~i;
        }
        lock (_gate)
        {
            if (i < _counts.Length)
            {
                _counts[i]++;
            }
            _count++;
            _sum += seconds;
        }
    }

    /// <summary>Cumulative bucket counts (one per bound), the total count and the sum, read consistently.</summary>
    public (long[] Cumulative, long Count, double Sum) Snapshot()
    {
        var cumulative = new long[_counts.Length];
        lock (_gate)
        {
            long running = 0;
            for (var i = 0; i < _counts.Length; i++)
            {
                running += _counts[i];
                cumulative[i] = running;
            }
            return (cumulative, _count, _sum);
        }
    }
}
