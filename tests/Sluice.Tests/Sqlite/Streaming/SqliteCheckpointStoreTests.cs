using Sluice.Sqlite;
using Sluice.Streaming;
using Sluice.Tests.Streaming;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Sqlite.Streaming;

/// <summary>The checkpoint store contract on SQLite: the table lives in the state database file.</summary>
public sealed class SqliteCheckpointStoreTests : CheckpointStoreContractTests
{
    private readonly TempDirectory _dir = new();
    private readonly List<Sluice.Stores.SluiceStore> _stores = [];
    private int _files;

    protected override async Task<CheckpointStore> OpenAsync()
    {
        var store = await SqliteStore.OpenAsync(_dir.File($"s{Interlocked.Increment(ref _files)}/sluice.db"));
        _stores.Add(store);
        return store.Checkpoints;
    }

    protected override Task PurgeRunAsync(string runId) => _stores[^1].Retention.DeleteRunsAsync([runId]);

    public override async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        _dir.Dispose();
    }
}
