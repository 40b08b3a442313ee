using System.Collections.Concurrent;

namespace Sluice.AI.Tests.Testing;

/// <summary>
/// The system clock, except that waits of at most <see cref="Skip"/> (backoffs, Retry-After) are recorded and end at once,
/// so tests can check how long the code meant to wait without waiting or timing anything.
/// </summary>
public sealed class RecordingTime : TimeProvider
{
    public TimeSpan Skip { get; init; } = TimeSpan.FromSeconds(30);

    public ConcurrentQueue<TimeSpan> Waits { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime > TimeSpan.Zero && dueTime <= Skip)
        {
            Waits.Enqueue(dueTime);
            return System.CreateTimer(callback, state, TimeSpan.Zero, period);
        }
        return System.CreateTimer(callback, state, dueTime, period);
    }
}
