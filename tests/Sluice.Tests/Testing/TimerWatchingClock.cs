namespace Sluice.Tests.Testing;

/// <summary>
/// The library's <see cref="FakeTimeProvider"/>, watched: it counts the timers armed on it. The clock itself (time,
/// <c>Advance</c>, firing due timers) is the library's. A test waits until the code under test has armed its timer
/// before moving the clock, because a timer armed after the move would wait for the next one.
/// </summary>
public sealed class TimerWatchingClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly HashSet<WatchedTimer> _armed = [];

    /// <summary>Timers that will fire on a later <c>Advance</c>: armed, not yet fired (one-shot) and not disposed.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_armed)
            {
                return _armed.Count;
            }
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var watched = new WatchedTimer(this, callback, state);
        watched.Track(dueTime, period);
        // The library fires a zero-due timer inside CreateTimer, so the watch is in place before the inner timer exists.
        watched.Inner = base.CreateTimer(static s => ((WatchedTimer)s!).Fire(), watched, dueTime, period);
        return watched;
    }

    private sealed class WatchedTimer(TimerWatchingClock owner, TimerCallback callback, object? state) : ITimer
    {
        private bool _periodic;

        public ITimer? Inner { get; set; }

        public void Track(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._armed)
            {
                _periodic = period != Timeout.InfiniteTimeSpan && period > TimeSpan.Zero;
                var armed = dueTime != Timeout.InfiniteTimeSpan && (dueTime > TimeSpan.Zero || _periodic);
                _ = armed ? owner._armed.Add(this) : owner._armed.Remove(this);
            }
        }

        public void Fire()
        {
            lock (owner._armed)
            {
                if (!_periodic)
                {
                    owner._armed.Remove(this);
                }
            }
            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Track(dueTime, period);
            return Inner!.Change(dueTime, period);
        }

        public void Dispose()
        {
            lock (owner._armed)
            {
                owner._armed.Remove(this);
            }
            Inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
