using Sluice.Postgres.Scheduling;
using Sluice.Postgres.State;
using Sluice.Postgres.Tests.Testing;
using Sluice.Scheduling.Storage;
using Sluice.Tests.Scheduling.Storage;

namespace Sluice.Postgres.Tests.Scheduling;

/// <summary>The schedule store contract suite, unchanged, against a real PostgreSQL (one database per test).</summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class PostgresScheduleStoreTests(PostgresFixture server) : ScheduleStoreContractTests
{
    private string? _database;

    protected override async Task<IScheduleStore> OpenStoreAsync()
    {
        _database ??= await server.CreateDatabaseAsync();
        return new PostgresScheduleStore(new PostgresStoreOptions { ConnectionString = _database });
    }
}
