namespace Sluice.Scheduling;

public sealed partial class Scheduler
{
    private long _dispatched;
    private long _catchUpDispatched;
    private long _redelivered;
    private long _skipped;
    private long _failed;
    private TimeSpan _lastLag;
    private TimeSpan _maxLag;
    private DateTimeOffset? _nextDueAt;

    /// <summary>Current counters, including the scheduling lag (logical date to delivery).</summary>
    public SchedulerMetrics Metrics
    {
        get
        {
            lock (_gate)
            {
                return new SchedulerMetrics(_dispatched, _catchUpDispatched, _redelivered, _skipped, _failed, _outstanding.Count, _lastLag, _maxLag, _nextDueAt);
            }
        }
    }

    /// <summary>The delay between the last fire's logical date and its delivery to the callback.</summary>
    public TimeSpan LastLag => Metrics.LastLag;
}
