using Sluice.Sqlite.Distributed;
using Sluice.Sqlite.Quality;
using Sluice.Sqlite.Scheduling;
using Sluice.Sqlite.State;
using Sluice.Sqlite.Streaming;
using Sluice.Stores;

namespace Sluice.Sqlite;

/// <summary>
/// The embedded store: one SQLite file holds state, work queue, schedules, quality history and streaming checkpoints (each part with its
/// own migrations table); artifacts go to <c>artifacts</c> beside the file. Nothing to install or start.
/// </summary>
public static class SqliteStore
{
    /// <summary>Opens (creating when missing) the store in the file <paramref name="path"/> and migrates its state tables.</summary>
    /// <param name="path">The database file; its folder is created when missing.</param>
    /// <param name="options">Artifact root and clock; null means the defaults.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The file cannot be opened or is not a Sluice database.</exception>
    public static async Task<SluiceStore> OpenAsync(string path, SluiceStoreOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new SluiceStoreOptions();
        var state = new SqliteStateStore(path);
        try
        {
            await state.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await state.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var artifactRoot = Path.GetFullPath(options.ArtifactRoot ?? Path.Combine(Path.GetDirectoryName(state.Path)!, "artifacts"));
        return new SluiceStore
        {
            State = state,
            Work = new SqliteWorkQueue(state),
            Retention = state,
            Schedules = new SqliteScheduleStore(state.Path),
            QualityHistory = new SqliteQualityHistory(state.Path, options.Time),
            Checkpoints = new SqliteCheckpointStore(state.Path),
            Operators = new Operators.SqliteOperatorRecords(state.Path),
            ArtifactRoot = artifactRoot,
            Storage = options.StorageFor(artifactRoot),
            Description = "SQLite " + state.Path,
        };
    }
}
