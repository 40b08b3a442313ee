namespace Sluice.Scheduling;

/// <summary>A snapshot of a scheduler's counters, for <c>/metrics</c> and status pages.</summary>
/// <param name="Dispatched">Fires handed to the callback, including repeated deliveries.</param>
/// <param name="CatchUpDispatched">Of those, catch-up fires.</param>
/// <param name="Redelivered">Of those, repeated deliveries (after a failed callback or a restart).</param>
/// <param name="Skipped">Missed dates not fired because the trigger has <c>catchup: false</c>.</param>
/// <param name="Failed">Callbacks that failed (each is delivered again after the retry delay).</param>
/// <param name="Outstanding">Callbacks currently running.</param>
/// <param name="LastLag">Delay between the last fire's logical date and its delivery to the callback.</param>
/// <param name="MaxLag">The largest such delay since start.</param>
/// <param name="NextDueAt">The next instant the scheduler will wake for a schedule, or null when nothing is scheduled.</param>
public readonly record struct SchedulerMetrics(
    long Dispatched,
    long CatchUpDispatched,
    long Redelivered,
    long Skipped,
    long Failed,
    int Outstanding,
    TimeSpan LastLag,
    TimeSpan MaxLag,
    DateTimeOffset? NextDueAt);
