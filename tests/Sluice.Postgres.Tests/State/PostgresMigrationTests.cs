using Npgsql;
using Sluice.Postgres.State;
using Sluice.Postgres.Tests.Testing;

namespace Sluice.Postgres.Tests.State;

/// <summary>Databases created by an earlier Sluice upgrade in place when a store opens them.</summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class PostgresMigrationTests(PostgresFixture server)
{
    [Fact]
    public async Task Initialize_DatabaseFromBeforeTheResultColumn_MovesStoredResultsIntoTheirRuns()
    {
        // A database at schema version 3: distributed results were work items of kind 'result'.
        var cs = await server.CreateDatabaseAsync();
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync();
            var old = "CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());"
                + string.Join("\n", PostgresSchema.Migrations.Take(3)) + """
                INSERT INTO schema_migrations (version) VALUES (1), (2), (3);
                INSERT INTO runs (run_id, pipeline_id, version_hash, state, inputs, trigger, created_at)
                VALUES ('done', 'p', 'h', 'succeeded', '{}', 'manual', now()), ('plain', 'p', 'h', 'succeeded', '{}', 'manual', now());
                INSERT INTO work_items (kind, queue, priority, state, available_at, attempt, run_id, result, created_at)
                VALUES ('result', 'result', 0, 'succeeded', now(), 0, 'done', '{"n":1}', now()),
                       ('job', 'q', 0, 'succeeded', now(), 1, NULL, '7', now());
                """;
            await using var cmd = new NpgsqlCommand(old, conn);
            await cmd.ExecuteNonQueryAsync();
        }

        await using var store = new PostgresStateStore(new PostgresStoreOptions { ConnectionString = cs });
        await store.InitializeAsync();

        (await store.GetRunAsync("done"))!.ResultJson.ShouldBe("""{"n":1}""");
        (await store.GetRunAsync("plain"))!.ResultJson.ShouldBeNull();
        await using var check = new NpgsqlConnection(cs);
        await check.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT (SELECT string_agg(kind, ',') FROM work_items), (SELECT max(version) FROM schema_migrations)", check);
        await using var r = await query.ExecuteReaderAsync();
        (await r.ReadAsync()).ShouldBeTrue();
        r.GetString(0).ShouldBe("job");
        r.GetInt32(1).ShouldBe(PostgresSchema.Migrations.Length);
    }
}
