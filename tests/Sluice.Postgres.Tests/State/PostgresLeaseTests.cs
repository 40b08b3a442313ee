using Npgsql;
using Sluice.Postgres.State;
using Sluice.Postgres.Tests.Testing;

namespace Sluice.Postgres.Tests.State;

[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class PostgresLeaseTests(PostgresFixture server)
{
    [Fact]
    public async Task TryAcquireRunLease_EightConcurrentClaimants_ExactlyOneWins()
    {
        await using var store = new PostgresStateStore(new PostgresStoreOptions { ConnectionString = await server.CreateDatabaseAsync() });
        await store.InitializeAsync();
        for (var round = 0; round < 10; round++)
        {
            var runId = $"r{round}";
            await store.CreateRunAsync(Records.Run(runId));
            using var go = new ManualResetEventSlim();
            var claims = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                go.Wait();
                return (Owner: $"w{w}", Won: await store.TryAcquireRunLeaseAsync(runId, $"w{w}", Records.T0, TimeSpan.FromMinutes(1)));
            })).ToArray();
            go.Set();
            var results = await Task.WhenAll(claims);
            var winner = results.Where(r => r.Won).ShouldHaveSingleItem();
            (await store.GetRunAsync(runId))!.LeaseOwner.ShouldBe(winner.Owner);
        }
    }

    [Fact]
    public async Task Initialize_EightStoresAtOnce_AppliesEachMigrationOnce()
    {
        var cs = await server.CreateDatabaseAsync();
        var stores = Enumerable.Range(0, 8).Select(_ => new PostgresStateStore(new PostgresStoreOptions { ConnectionString = cs })).ToArray();
        try
        {
            await Task.WhenAll(stores.Select(s => Task.Run(() => s.InitializeAsync())));
        }
        finally
        {
            foreach (var s in stores)
            {
                await s.DisposeAsync();
            }
        }
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*), max(version) FROM schema_migrations", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        (await r.ReadAsync()).ShouldBeTrue();
        r.GetInt64(0).ShouldBe(PostgresSchema.Migrations.Length);
        r.GetInt32(1).ShouldBe(PostgresSchema.Migrations.Length);
    }
}
