namespace Sluice.Stores;

/// <summary>How a store is opened (<c>SqliteStore.OpenAsync</c>, <c>PostgresStore.OpenAsync</c>).</summary>
public sealed record SluiceStoreOptions
{
    /// <summary>
    /// The folder for run artifacts. The default (null) is <c>artifacts</c> beside a SQLite file, or
    /// <c>.sluice/artifacts</c> in the current directory for PostgreSQL.
    /// </summary>
    public string? ArtifactRoot { get; init; }

    /// <summary>Receives reconnect and migration messages; null (the default) discards them.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>The clock for times the store records itself. The default is the system clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
