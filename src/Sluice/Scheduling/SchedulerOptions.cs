namespace Sluice.Scheduling;

/// <summary>Settings of a <see cref="Scheduler"/>.</summary>
public sealed record SchedulerOptions
{
    /// <summary>The clock; its timers drive the scheduler. The default is <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How long to wait before delivering a fire again after its callback failed, or before retrying after a store error. The default is 1 minute.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Called with every callback failure and store error (for logging); the scheduler keeps going. The default is none.</summary>
    public Action<Exception>? OnError { get; init; }
}
