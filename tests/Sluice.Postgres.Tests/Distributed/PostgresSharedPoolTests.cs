using Sluice.Postgres.Tests.Testing;
using Sluice.Stores;
using Sluice.Tests.Distributed;
using Sluice.Tests.Testing;

namespace Sluice.Postgres.Tests.Distributed;

/// <summary>The store-wide pool on a real PostgreSQL: the claims of two workers serialize on the pools' lock.</summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class PostgresSharedPoolTests(PostgresFixture server) : SharedPoolContractTests
{
    protected override async Task<SluiceStore> OpenStoreAsync(TempDirectory dir) => await PostgresStore.OpenAsync(await server.CreateDatabaseAsync());
}
