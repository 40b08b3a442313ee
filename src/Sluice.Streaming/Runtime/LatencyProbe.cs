using Sluice.Streaming.Definition;

namespace Sluice.Streaming.Runtime;

/// <summary>
/// Measures a windowed stream's latency in processing time, on a sample of events: from an event's arrival (its batch
/// read from the source) to the first result of a window holding it being written to the sink (<see cref="EventLatency"/>),
/// and from the arrival of the batch whose events moved the watermark past a window's end to that window's result
/// (<see cref="FireLatency"/>: the engine's own delay, without the wait for the window to end and the watermark delay).
/// Session windows end only when their key goes quiet, so their events' latency is not measured; their firing is.
/// Memory is bounded: every <see cref="SampleEvery"/>-th event is sampled and each figure keeps a reservoir.
/// </summary>
internal sealed class LatencyProbe(WindowSpec window)
{
    /// <summary>One event in this many is sampled.</summary>
    public const int SampleEvery = 64;

    private readonly PriorityQueue<long, long> _pending = new();
    private long _seen;

    /// <summary>Milliseconds from a sampled event's arrival to its first window's result.</summary>
    public LatencySamples EventLatency { get; } = new();

    /// <summary>Milliseconds from the arrival of a batch that completed windows to their results.</summary>
    public LatencySamples FireLatency { get; } = new();

    /// <summary>A batch's events arrived at <paramref name="arrived"/> (a timestamp); late ones (no window left to fire) are skipped.</summary>
    public void Arrived(ReadOnlySpan<long> times, long watermark, long arrived)
    {
        if (window.Kind == WindowKind.Session)
        {
            return;
        }

        for (var r = (int)(SampleEvery - 1 - (_seen % SampleEvery)); r < times.Length; r += SampleEvery)
        {
            var t = times[r];
            // The earliest window holding t ends at the next multiple of the slide after t.
            var end = t - (((t % window.Slide) + window.Slide) % window.Slide) + window.Slide;
            if (end - 1 > watermark && t > long.MinValue / 2)
            {
                _pending.Enqueue(arrived, end);
            }
        }

        _seen += times.Length;
    }

    /// <summary>The window operator fired at <paramref name="watermark"/> and its results were written at <paramref name="now"/>.</summary>
    /// <param name="watermark">The watermark the windows fired at.</param>
    /// <param name="now">The timestamp after the sink write.</param>
    /// <param name="arrived">When the batch that moved the watermark arrived, or null (idle advance, end of input).</param>
    /// <param name="time">Converts timestamps.</param>
    public void Fired(long watermark, long now, long? arrived, TimeProvider time)
    {
        while (_pending.TryPeek(out var at, out var end) && end - 1 <= watermark)
        {
            _pending.Dequeue();
            EventLatency.Add(time.GetElapsedTime(at, now).TotalMilliseconds);
        }

        if (arrived is { } a)
        {
            FireLatency.Add(time.GetElapsedTime(a, now).TotalMilliseconds);
        }
    }
}
