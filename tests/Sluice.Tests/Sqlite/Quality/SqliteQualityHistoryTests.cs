using Sluice.Quality;
using Sluice.Sqlite;
using Sluice.Sqlite.Quality;
using Sluice.Tests.Quality;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Sqlite.Quality;

/// <summary>The quality history contract on SQLite, and what is special to the embedded file.</summary>
public sealed class SqliteQualityHistoryTests : QualityHistoryContractTests
{
    private readonly TempDirectory _dir = new();
    private int _files;

    protected override Task<QualityHistory> OpenAsync(TimeProvider time) =>
        Task.FromResult<QualityHistory>(new SqliteQualityHistory(_dir.File($"q{Interlocked.Increment(ref _files)}/quality.db"), time));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task SharesTheStateDatabaseFile_WithItsOwnMigrations()
    {
        var path = _dir.File(".sluice/sluice.db");
        await using (var store = await SqliteStore.OpenAsync(path))
        {
            await store.QualityHistory.RecordAsync("p", "t", "r1", new Dictionary<string, double> { ["overall"] = 1 });
        }

        // A second store on the same file finds both schemas in place, and the values.
        await using var reopened = await SqliteStore.OpenAsync(path);
        (await reopened.QualityHistory.GetTrendsAsync("p", "t")).ShouldHaveSingleItem().Latest.ShouldBe(1);
        (await reopened.State.ListRunsAsync(new Sluice.State.RunQuery(null, null, 10))).ShouldBeEmpty();
    }
}
