namespace Sluice.Stores;

/// <summary>How a store is opened (<c>SqliteStore.OpenAsync</c>, <c>PostgresStore.OpenAsync</c>).</summary>
public sealed record SluiceStoreOptions
{
    /// <summary>
    /// The folder for run artifacts. The default (null) is <c>artifacts</c> beside a SQLite file, or
    /// <c>.sluice/artifacts</c> in the current directory for PostgreSQL.
    /// </summary>
    public string? ArtifactRoot { get; init; }

    /// <summary>
    /// A remote folder (<c>s3://bucket/prefix</c>) that tasks publish their datasets to, so workers without a shared
    /// folder read each other's outputs; <see cref="ArtifactRoot"/> stays the local working folder. The default (null)
    /// keeps artifacts local.
    /// </summary>
    public string? ArtifactStore { get; init; }

    /// <summary>The object stores (<c>s3://</c>) datasets may be read from and written to. The default is none.</summary>
    public IReadOnlyList<Files.IObjectStore> ObjectStores { get; init; } = [];

    /// <summary>The storage of a store whose local artifact folder is <paramref name="artifactRoot"/>.</summary>
    public Files.FileStorage StorageFor(string artifactRoot) =>
        ObjectStores.Count == 0 && ArtifactStore is null
            ? Files.FileStorage.Local
            : new Files.FileStorage(ObjectStores, Path.Combine(artifactRoot, ".objects"), ArtifactStore, artifactRoot);

    /// <summary>Receives reconnect and migration messages; null (the default) discards them.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>The clock for times the store records itself. The default is the system clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
