namespace Sluice.Postgres.Scheduling;

/// <summary>Settings of a <see cref="SchedulerLeadership"/>.</summary>
public sealed record SchedulerLeadershipOptions
{
    /// <summary>The default <see cref="LockKey"/>: the one every <c>sluice serve</c> on a database competes for.</summary>
    public const long DefaultLockKey = 0x51_75_1C_E0_00_00_00_02;

    /// <summary>An Npgsql connection string; the database is the one the schedule store uses.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>
    /// The advisory lock key. Processes with the same key on the same database elect one leader; use another
    /// key for an independent group of schedulers. The default is <see cref="DefaultLockKey"/>.
    /// </summary>
    public long LockKey { get; init; } = DefaultLockKey;

    /// <summary>
    /// How often the leader checks that its lock connection is alive (a round trip, which also has this as
    /// its timeout). A leader whose connection died learns it has lost leadership within about this long.
    /// The default is 5 seconds.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The connect timeout used when the connection string sets none. The default is 5 seconds.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock for keep-alive checks. The default is <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Receives messages such as "scheduler leadership lost: ...". The default is null (dropped).</summary>
    public Action<string>? Log { get; init; }
}
