namespace Sluice.Execution.FlowControl;

/// <summary>
/// At most <c>requests</c> starts in any interval of length <c>per</c>, exactly: the start times of the last
/// <c>requests</c> callers are kept, and a caller waits until the oldest is <c>per</c> behind. The token buckets and
/// fixed or segmented windows of <c>System.Threading.RateLimiting</c> allow up to twice the rate across a window edge,
/// which a partner's API counting a true sliding window would refuse.
/// </summary>
internal sealed class StartSpacing(int requests, TimeSpan per, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Queue<DateTimeOffset> _starts = new();
    // Reservations are handed out in order: a caller owns its slot at once and only waits for its time.
    private DateTimeOffset _lastReserved = DateTimeOffset.MinValue;

    /// <summary>Waits for a start slot.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset at;
        lock (_gate)
        {
            var now = time.GetUtcNow();
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
        var wait = at - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
