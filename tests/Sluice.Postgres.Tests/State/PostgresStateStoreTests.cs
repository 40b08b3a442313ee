using Sluice.Postgres.State;
using Sluice.Postgres.Tests.Testing;
using Sluice.State;
using Sluice.Tests.State;

namespace Sluice.Postgres.Tests.State;

/// <summary>The store contract suite, unchanged, against a real PostgreSQL (one database per test).</summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class PostgresStateStoreTests(PostgresFixture server) : StateStoreContractTests
{
    protected override async Task<IStateStore> CreateStoreAsync() =>
        new PostgresStateStore(new PostgresStoreOptions { ConnectionString = await server.CreateDatabaseAsync() });
}
