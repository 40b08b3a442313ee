using Sluice.Postgres.Tests.Testing;
using Sluice.Tests.Execution.Semantics;
using Sluice.Tests.Testing;

namespace Sluice.Postgres.Tests.Distributed;

/// <summary>The executor-semantics suite, unchanged, on distributed workers sharing a real PostgreSQL (one database per test).</summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class PostgresDistributedSemanticsTests(PostgresFixture server) : ExecutorSemanticsContractTests
{
    protected override async Task<RunEngine> CreateEngineAsync()
    {
        var connectionString = await server.CreateDatabaseAsync();
        return new DistributedEngine(await PostgresStore.OpenAsync(connectionString), connectionString, new TempDirectory());
    }
}
