namespace Sluice.Streaming.Sources;

/// <summary>
/// Waits between reconnection attempts: <c>min</c> first, doubling up to <c>max</c>; back to <c>min</c> once a
/// connection delivered something.
/// </summary>
internal sealed class ReconnectBackoff
{
    private readonly TimeSpan _min;
    private readonly TimeSpan _max;
    private readonly TimeProvider _time;
    private TimeSpan _next;

    public ReconnectBackoff(TimeSpan min, TimeSpan max, TimeProvider time)
    {
        _min = _next = _min;
        _max = max;
        _time = time;
    }

    /// <summary>Attempts since the last successful delivery.</summary>
    public int Failures { get; private set; }

    public void Reset()
    {
        _next = _min;
        Failures = 0;
    }

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        Failures++;
        var delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(_max.Ticks, _next.Ticks * 2));
        await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
    }
}
