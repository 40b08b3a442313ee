using Microsoft.Data.Sqlite;
using Sluice.Retention;
using Sluice.Sqlite;
using Sluice.Stores;

namespace Sluice.Tests.Retention;

/// <summary>The retention contract on SQLite, and what is special to one file: a purge gives the space back.</summary>
public sealed class SqliteRetentionArchiveTests : RetentionArchiveContractTests
{
    protected override Task<SluiceStore> OpenStoreAsync(TimeProvider time, string artifactRoot) =>
        SqliteStore.OpenAsync(Dir.File("store.db"), new SluiceStoreOptions { Time = time, ArtifactRoot = artifactRoot });

    [Fact]
    public async Task Purge_ShrinksTheFile_OfANewStore()
    {
        for (var i = 0; i < 200; i++)
        {
            await AddRunAsync($"run-{i:D3}", T0, logLines: 20, lineLength: 500);
        }
        await Store.Retention.ReclaimSpaceAsync(full: false);
        var full = new FileInfo(Dir.File("store.db")).Length;

        var counts = await new RetentionPurger(Store.Retention, new RetentionOptions { RunsMaxAge = TimeSpan.FromDays(30) }, new FakeTimeProvider(T0.AddDays(45))).PurgeAsync();

        counts.Runs.ShouldBe(200);
        full.ShouldBeGreaterThan(4_000_000);
        new FileInfo(Dir.File("store.db")).Length.ShouldBeLessThan(full / 10);
        AutoVacuum(Dir.File("store.db")).ShouldBe(2);
    }

    [Fact]
    public async Task AStoreCreatedWithoutAutoVacuum_GetsItFromAFullReclaim()
    {
        var path = Dir.File("old.db");
        using (var conn = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            // A table written before Sluice opens the file makes SQLite ignore 'auto_vacuum', as in stores made by older versions.
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "CREATE TABLE older (a)";
            cmd.ExecuteNonQuery();
        }
        await using var store = await SqliteStore.OpenAsync(path);
        AutoVacuum(path).ShouldBe(0);

        await store.Retention.ReclaimSpaceAsync(full: true);

        AutoVacuum(path).ShouldBe(2);
    }

    private static long AutoVacuum(string path)
    {
        using var conn = new SqliteConnection($"Data Source={path};Pooling=False");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "PRAGMA auto_vacuum";
        return (long)cmd.ExecuteScalar()!;
    }
}
