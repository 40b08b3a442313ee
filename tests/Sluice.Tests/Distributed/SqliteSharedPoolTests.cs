using Sluice.Sqlite;
using Sluice.Stores;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Distributed;

/// <summary>The store-wide pool on a SQLite file.</summary>
public sealed class SqliteSharedPoolTests : SharedPoolContractTests
{
    protected override async Task<SluiceStore> OpenStoreAsync(TempDirectory dir) => await SqliteStore.OpenAsync(dir.File("pools.db"));
}
