using Sluice.Postgres.Tests.Testing;
using Sluice.Stores;
using Sluice.Tests.Operators;

namespace Sluice.Postgres.Tests.Operators;

/// <summary>The operator records contract against a real PostgreSQL (one database per test).</summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class PostgresOperatorRecordsTests(PostgresFixture server) : OperatorRecordsContractTests
{
    protected override async Task<SluiceStore> OpenAsync() => await PostgresStore.OpenAsync(await server.CreateDatabaseAsync());
}
