namespace Sluice.Scheduling.Leadership;

/// <summary>Settings of a <see cref="LeaderElectedScheduler"/>.</summary>
public sealed record LeaderElectionOptions
{
    /// <summary>
    /// How long a follower waits between attempts to acquire leadership, and how long a former leader waits
    /// before trying again. It bounds how long fires pause after the leader dies (plus the time the backing
    /// lock takes to notice). The default is 5 seconds.
    /// </summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock for <see cref="RetryInterval"/>. The default is <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Called with true when this instance started its scheduler as leader, false when it stopped it. The default is none.</summary>
    public Action<bool>? OnLeadershipChanged { get; init; }

    /// <summary>Called with failures to acquire leadership or to start the scheduler (for logging); the loop keeps going. The default is none.</summary>
    public Action<Exception>? OnError { get; init; }
}
