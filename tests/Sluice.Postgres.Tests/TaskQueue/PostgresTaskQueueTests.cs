using Sluice.Postgres.Tests.Testing;
using Sluice.Stores;
using Sluice.Tests.TaskQueue;

namespace Sluice.Postgres.Tests.TaskQueue;

/// <summary>The task queue contract on PostgreSQL (shared source: tests/Sluice.Tests/TaskQueue/TaskQueueContractTests.cs).</summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class PostgresTaskQueueTests(PostgresFixture server) : TaskQueueContractTests
{
    protected override async Task<SluiceStore> OpenStoreAsync() => await PostgresStore.OpenAsync(await server.CreateDatabaseAsync());
}
