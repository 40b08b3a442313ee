using Microsoft.Data.Sqlite;
using Sluice.Scheduling;
using Sluice.Sqlite.Scheduling;
using Sluice.Sqlite.State;
using Sluice.State;
using Sluice.Tests.Testing;
using static Sluice.Tests.Scheduling.Cron.CronNextOccurrenceTests;

namespace Sluice.Tests.Sqlite.Scheduling;

/// <summary>SQLite-specific behaviour; the shared semantics are in <see cref="Tests.Scheduling.Storage.ScheduleStoreContractTests"/>.</summary>
public sealed class ScheduleStoreTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private SqliteScheduleStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteScheduleStore(_dir.File("db/sluice.db"));
        await _store.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public async Task SameFileAsStateStore_BothWorkWithSeparateMigrationTables()
    {
        await using var state = new SqliteStateStore(_dir.File("db/sluice.db"));
        await state.InitializeAsync();
        await state.CreateRunAsync(new RunRecord { RunId = "p@20260101T010000Z", PipelineId = "p", VersionHash = "h", CreatedAt = At("2026-01-01T01:00:00Z") });
        await _store.RecordFireAsync(new ScheduledFire("p", 0, At("2026-01-01T01:00:00Z"), false), At("2026-01-01T01:00:00Z"));

        (await state.GetRunAsync("p@20260101T010000Z")).ShouldNotBeNull();
        (await _store.ListFiresAsync("p")).ShouldHaveSingleItem();
        await using var conn = new SqliteConnection($"Data Source={_dir.File("db/sluice.db")}");
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT (SELECT MAX(version) FROM schedule_migrations), (SELECT COUNT(*) FROM schema_migrations)";
        await using var r = await cmd.ExecuteReaderAsync();
        r.Read().ShouldBeTrue();
        r.GetInt64(0).ShouldBe(Sluice.Sqlite.Scheduling.SqliteScheduleSchema.Migrations.Length);
        r.GetInt64(1).ShouldBeGreaterThan(0);
    }
}
