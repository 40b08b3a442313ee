using Microsoft.Data.Sqlite;
using Sluice.Scheduling.Storage;
using Sluice.Sqlite.Scheduling;
using Sluice.Tests.Scheduling.Storage;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Sqlite.Scheduling;

/// <summary>The schedule store contract on a temp SQLite file.</summary>
public sealed class SqliteScheduleStoreContractTests : ScheduleStoreContractTests
{
    private readonly TempDirectory _dir = new();

    protected override Task<IScheduleStore> OpenStoreAsync() => Task.FromResult<IScheduleStore>(new SqliteScheduleStore(_dir.File("db/sluice.db")));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
