using Sluice.Postgres.Tests.Testing;
using Sluice.Stores;
using Sluice.Tests.Retention;

namespace Sluice.Postgres.Tests.State;

/// <summary>The retention contract (archive, aged records, VACUUM) on a real PostgreSQL.</summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class PostgresRetentionArchiveTests(PostgresFixture server) : RetentionArchiveContractTests
{
    protected override async Task<SluiceStore> OpenStoreAsync(TimeProvider time, string artifactRoot) =>
        await PostgresStore.OpenAsync(await server.CreateDatabaseAsync(), new SluiceStoreOptions { Time = time, ArtifactRoot = artifactRoot });
}
