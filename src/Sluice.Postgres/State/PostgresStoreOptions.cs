namespace Sluice.Postgres.State;

/// <summary>Settings of a <see cref="PostgresStateStore"/>.</summary>
public sealed record PostgresStoreOptions
{
    /// <summary>
    /// An Npgsql connection string (<c>Host=...;Port=...;Database=...;Username=...;Password=...</c>). Unless it sets
    /// <c>Max Auto Prepare</c>, the store prepares its 64 most used statements per connection; set
    /// <c>Max Auto Prepare=0</c> behind a connection pooler that cannot keep prepared statements.
    /// </summary>
    public required string ConnectionString { get; init; }

    /// <summary>
    /// Receives operational messages such as "PostgreSQL connection lost, reconnecting (attempt 2)...".
    /// The default is null (messages are dropped).
    /// </summary>
    public Action<string>? Log { get; init; }

    /// <summary>
    /// How long an operation keeps reconnecting after a transient failure (server restart, network drop)
    /// before it gives up with a <see cref="Sluice.Diagnostics.SluiceException"/>. The default is 30 seconds.
    /// <see cref="PostgresStateStore.InitializeAsync"/> never retries: a wrong address fails at once.
    /// </summary>
    public TimeSpan ReconnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The connect timeout used when the connection string sets none (Npgsql's own default, 15 s, is too
    /// long for a command-line tool). The default is 5 seconds.
    /// </summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock for backoff delays. The default is <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
