using Microsoft.Data.Sqlite;
using Sluice.Sqlite.State;
using Sluice.State;
using Sluice.Tests.State;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Sqlite.State;

public sealed class SqliteStateStoreTests : StateStoreContractTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override Task<IStateStore> CreateStoreAsync() => Task.FromResult<IStateStore>(new SqliteStateStore(_dir.File("nested/state.db")));

    [Fact]
    public async Task Database_UsesWalJournal_AndSurvivesReopen()
    {
        await Store.CreateRunAsync(new RunRecord { RunId = "r1", PipelineId = "p", VersionHash = "h", CreatedAt = DateTimeOffset.UnixEpoch });
        await using var again = new SqliteStateStore(_dir.File("nested/state.db"));
        await again.InitializeAsync();
        (await again.GetRunAsync("r1")).ShouldNotBeNull();
        File.Exists(_dir.File("nested/state.db-wal")).ShouldBeTrue();
    }

    [Fact]
    public async Task Initialize_DatabaseFromBeforeTheResultColumn_MovesStoredResultsIntoTheirRuns()
    {
        // A database at schema version 2: distributed results were work items of kind 'result'.
        var path = _dir.File("old/state.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var conn = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);"
                + SqliteSchema.Migrations[0] + SqliteSchema.Migrations[1] + """
                INSERT INTO schema_migrations VALUES (1, 0), (2, 0);
                INSERT INTO runs (run_id, pipeline_id, version_hash, state, inputs, trigger, created_at)
                VALUES ('done', 'p', 'h', 'succeeded', '{}', 'manual', 0), ('plain', 'p', 'h', 'succeeded', '{}', 'manual', 0);
                INSERT INTO work_items (kind, queue, priority, state, available_at, attempt, run_id, result, created_at)
                VALUES ('result', 'result', 0, 'succeeded', 0, 0, 'done', '{"n":1}', 0),
                       ('job', 'q', 0, 'succeeded', 0, 1, NULL, '7', 0);
                """;
            await cmd.ExecuteNonQueryAsync();
        }

        await using var store = new SqliteStateStore(path);
        await store.InitializeAsync();

        (await store.GetRunAsync("done"))!.ResultJson.ShouldBe("""{"n":1}""");
        (await store.GetRunAsync("plain"))!.ResultJson.ShouldBeNull();
        await using var check = new SqliteConnection($"Data Source={path};Pooling=False");
        await check.OpenAsync();
        await using var query = check.CreateCommand();
        query.CommandText = "SELECT (SELECT group_concat(kind) FROM work_items), (SELECT MAX(version) FROM schema_migrations)";
        await using var r = await query.ExecuteReaderAsync();
        r.Read().ShouldBeTrue();
        r.GetString(0).ShouldBe("job");
        r.GetInt64(1).ShouldBe(SqliteSchema.Migrations.Length);
    }

    public void Dispose() => _dir.Dispose();
}
