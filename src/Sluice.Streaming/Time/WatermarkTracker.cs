using Sluice.Streaming.Checkpoints;

namespace Sluice.Streaming.Time;

/// <summary>
/// Bounded-out-of-orderness watermarks (Flink's <c>forBoundedOutOfOrderness</c>): per partition, the largest event
/// time seen minus the delay minus 1 ms; the stream's watermark is the smallest over partitions that are not idle. A
/// partition with no events for the idle timeout (processing time) stops holding the watermark back until it has
/// events again. The watermark never goes back.
/// </summary>
internal sealed class WatermarkTracker(long delay, long idleTimeout)
{
    private readonly Dictionary<string, (long MaxTime, long LastSeen)> _partitions = new(StringComparer.Ordinal);

    /// <summary>No event yet: <see cref="long.MinValue"/>.</summary>
    public long Watermark { get; private set; } = long.MinValue;

    public long MaxEventTime { get; private set; } = long.MinValue;

    public void Observe(string partition, long maxEventTime, long now)
    {
        var current = _partitions.TryGetValue(partition, out var p) ? p.MaxTime : long.MinValue;
        _partitions[partition] = (Math.Max(current, maxEventTime), now);
        MaxEventTime = Math.Max(MaxEventTime, maxEventTime);
        Advance(now);
    }

    /// <summary>Recomputes the watermark at processing time <paramref name="now"/> (idle partitions drop out).</summary>
    public void Advance(long now)
    {
        var min = long.MaxValue;
        foreach (var (_, (maxTime, lastSeen)) in _partitions)
        {
            if (idleTimeout > 0 && now - lastSeen >= idleTimeout && _partitions.Count > 1)
            {
                continue;
            }

            min = Math.Min(min, maxTime);
        }

        if (min != long.MaxValue && min != long.MinValue)
        {
            Watermark = Math.Max(Watermark, min - delay - 1);
        }
    }

    /// <summary>The end of a bounded input: every window can fire.</summary>
    public void End() => Watermark = long.MaxValue;

    public void Save(StateWriter w)
    {
        w.Write(Watermark);
        w.Write(MaxEventTime);
        w.Write(_partitions.Count);
        foreach (var (name, (maxTime, _)) in _partitions)
        {
            w.Write(name);
            w.Write(maxTime);
        }
    }

    public void Load(StateReader r, long now)
    {
        Watermark = r.ReadLong();
        MaxEventTime = r.ReadLong();
        _partitions.Clear();
        for (var n = r.ReadInt(); n > 0; n--)
        {
            _partitions[r.ReadString()] = (r.ReadLong(), now);
        }
    }
}
