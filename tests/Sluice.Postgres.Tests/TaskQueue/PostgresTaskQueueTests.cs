using Sluice.Postgres.State;
using Sluice.Postgres.Tests.Testing;
using Sluice.State;
using Sluice.Tests.TaskQueue;

namespace Sluice.Postgres.Tests.TaskQueue;

/// <summary>The task queue contract on PostgreSQL (shared source: tests/Sluice.Tests/TaskQueue/TaskQueueContractTests.cs).</summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class PostgresTaskQueueTests(PostgresFixture server) : TaskQueueContractTests
{
    protected override async Task<IStateStore> CreateStoreAsync() =>
        new PostgresStateStore(new PostgresStoreOptions { ConnectionString = await server.CreateDatabaseAsync() });
}
