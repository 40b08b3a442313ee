using Sluice.Postgres.Tests.Testing;
using Sluice.Quality;
using Sluice.Stores;
using Sluice.Tests.Quality;

namespace Sluice.Postgres.Tests.Quality;

/// <summary>The quality history contract, unchanged, on a real PostgreSQL (one database per history).</summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class PostgresQualityHistoryTests(PostgresFixture server) : QualityHistoryContractTests
{
    private readonly List<SluiceStore> _stores = [];

    protected override async Task<QualityHistory> OpenAsync(TimeProvider time)
    {
        var store = await PostgresStore.OpenAsync(await server.CreateDatabaseAsync(), new SluiceStoreOptions { Time = time });
        _stores.Add(store);
        return store.QualityHistory;
    }

    public override async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }
}
