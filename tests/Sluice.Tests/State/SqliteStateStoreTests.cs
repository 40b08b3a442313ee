using Sluice.State;
using Sluice.State.Sqlite;
using Sluice.Tests.Testing;

namespace Sluice.Tests.State;

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

    public void Dispose() => _dir.Dispose();
}
