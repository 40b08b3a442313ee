using Microsoft.Data.Sqlite;
using Sluice.Scheduling;
using Sluice.Scheduling.Storage;
using Sluice.State;
using Sluice.State.Sqlite;
using Sluice.Tests.Testing;
using static Sluice.Tests.Scheduling.Cron.CronNextOccurrenceTests;

namespace Sluice.Tests.Scheduling.Storage;

public sealed class ScheduleStoreTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private ScheduleStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new ScheduleStore(_dir.File("db/sluice.db"));
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
        r.GetInt64(0).ShouldBe(1);
        r.GetInt64(1).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Initialize_Twice_AndOnReopen_IsIdempotent()
    {
        await _store.InitializeAsync();
        await _store.RegisterTriggerAsync("p", 0, At("2026-01-01T00:00:00Z"));
        await using var again = new ScheduleStore(_dir.File("db/sluice.db"));
        await again.InitializeAsync();
        (await again.GetCursorAsync("p", 0)).ShouldBe(new ScheduleCursor("p", 0, At("2026-01-01T00:00:00Z"), null));
    }

    [Fact]
    public async Task RegisterTrigger_Existing_KeepsFirstRegistration()
    {
        var first = await _store.RegisterTriggerAsync("p", 0, At("2026-01-01T00:00:00Z"));
        var second = await _store.RegisterTriggerAsync("p", 0, At("2026-02-01T00:00:00Z"));
        second.ShouldBe(first);
        second.Position.ShouldBe(At("2026-01-01T00:00:00Z"));
    }

    [Fact]
    public async Task RecordFire_SameDateTwice_SecondReturnsFalse()
    {
        var fire = new ScheduledFire("p", 0, At("2026-01-01T01:00:00Z"), false);
        (await _store.RecordFireAsync(fire, At("2026-01-01T01:00:00Z"))).ShouldBeTrue();
        (await _store.RecordFireAsync(fire with { IsCatchUp = true }, At("2026-01-01T01:00:05Z"))).ShouldBeFalse();
        var record = (await _store.ListFiresAsync("p")).ShouldHaveSingleItem();
        record.Fire.IsCatchUp.ShouldBeFalse();
        record.RecordedAt.ShouldBe(At("2026-01-01T01:00:00Z"));
    }

    [Fact]
    public async Task RecordFire_OlderDate_NeverMovesCursorBackwards()
    {
        await _store.RecordFireAsync(new ScheduledFire("p", 0, At("2026-01-01T02:00:00Z"), false), At("2026-01-01T02:00:00Z"));
        await _store.RecordFireAsync(new ScheduledFire("p", 0, At("2026-01-01T01:00:00Z"), true), At("2026-01-01T02:00:00Z"));
        (await _store.GetCursorAsync("p", 0))!.LastLogicalDate.ShouldBe(At("2026-01-01T02:00:00Z"));
    }

    [Fact]
    public async Task PendingFires_ExcludeCompleted_AndCarryNextAttempt()
    {
        var a = new ScheduledFire("p", 0, At("2026-01-01T01:00:00Z"), false);
        var b = new ScheduledFire("p", 0, At("2026-01-01T02:00:00Z"), true);
        await _store.RecordFireAsync(b, At("2026-01-01T03:00:00Z"));
        await _store.RecordFireAsync(a, At("2026-01-01T03:00:00Z"));
        await _store.CompleteFireAsync(a, At("2026-01-01T03:00:01Z"));
        await _store.RecordRedeliveryAsync(b with { Attempt = 2 });

        (await _store.GetPendingFiresAsync()).ShouldBe([b with { Attempt = 3 }]);
    }

    [Fact]
    public async Task PurgeCompletedFires_RemovesOnlyOldCompletedOnes()
    {
        var old = new ScheduledFire("p", 0, At("2026-01-01T01:00:00Z"), false);
        var pending = new ScheduledFire("p", 0, At("2026-01-01T02:00:00Z"), false);
        var recent = new ScheduledFire("p", 0, At("2026-02-01T01:00:00Z"), false);
        await _store.RecordFireAsync(old, old.LogicalDate);
        await _store.RecordFireAsync(pending, pending.LogicalDate);
        await _store.RecordFireAsync(recent, recent.LogicalDate);
        await _store.CompleteFireAsync(old, old.LogicalDate);
        await _store.CompleteFireAsync(recent, recent.LogicalDate);

        (await _store.PurgeCompletedFiresAsync(At("2026-01-15T00:00:00Z"))).ShouldBe(1);
        (await _store.ListFiresAsync("p")).Select(static r => r.Fire.LogicalDate).ShouldBe([recent.LogicalDate, pending.LogicalDate]);
        (await _store.GetCursorAsync("p", 0))!.LastLogicalDate.ShouldBe(recent.LogicalDate);
    }

    [Fact]
    public async Task UseBeforeInitialize_Throws()
    {
        await using var fresh = new ScheduleStore(_dir.File("other.db"));
        await Should.ThrowAsync<InvalidOperationException>(() => fresh.GetCursorAsync("p", 0));
    }
}
