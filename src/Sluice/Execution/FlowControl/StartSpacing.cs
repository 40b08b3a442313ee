namespace Sluice.Execution.FlowControl;

/// <summary>
/// At most <c>requests</c> starts in any interval of length <c>per</c>, exactly: the start times of the last
/// <c>requests</c> callers are kept, and a caller waits until the oldest is <c>per</c> behind. The token buckets and
/// fixed or segmented windows of <c>System.Threading.RateLimiting</c> allow up to twice the rate across a window edge,
/// which a partner's API counting a true sliding window would refuse. Times are taken from the monotonic clock, so a
/// wall-clock step (NTP, a suspended VM) neither stalls the limiter nor lets a burst through.
/// </summary>
internal sealed class StartSpacing(int requests, TimeSpan per, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Queue<TimeSpan> _starts = new();
    private readonly long _origin = time.GetTimestamp();
    // Reservations are handed out in order: a caller owns its slot at once and only waits for its time.
    private TimeSpan _lastReserved = TimeSpan.MinValue;

    /// <summary>Waits for a start slot.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        TimeSpan at;
        lock (_gate)
        {
            var now = time.GetElapsedTime(_origin);
            at = now;
            if (_starts.Count >= requests)
            {
                var oldest = _starts.Dequeue();
                at = oldest + per > now ? oldest + per : now;
            }
            if (at < _lastReserved)
            {
                at = _lastReserved;
            }
            _lastReserved = at;
            _starts.Enqueue(at);
        }
        // Timers round to whole milliseconds and may fire a little early: wait again until the slot has truly come.
        for (var wait = at - time.GetElapsedTime(_origin); wait > TimeSpan.Zero; wait = at - time.GetElapsedTime(_origin))
        {
            var ms = Math.Ceiling(wait.TotalMilliseconds);
            await Task.Delay(TimeSpan.FromMilliseconds(ms), time, cancellationToken).ConfigureAwait(false);
        }
    }
}
