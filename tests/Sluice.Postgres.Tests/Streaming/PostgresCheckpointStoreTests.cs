using Sluice.Postgres.Tests.Testing;
using Sluice.Stores;
using Sluice.Streaming;
using Sluice.Tests.Streaming;

namespace Sluice.Postgres.Tests.Streaming;

/// <summary>The checkpoint store contract, unchanged, on a real PostgreSQL (one database per store).</summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class PostgresCheckpointStoreTests(PostgresFixture server) : CheckpointStoreContractTests
{
    private readonly List<SluiceStore> _stores = [];

    protected override async Task<CheckpointStore> OpenAsync()
    {
        var store = await PostgresStore.OpenAsync(await server.CreateDatabaseAsync());
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
    }
}
