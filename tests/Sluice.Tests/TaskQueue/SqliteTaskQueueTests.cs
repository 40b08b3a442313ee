using Sluice.Sqlite;
using Sluice.Stores;
using Sluice.Tests.Testing;

namespace Sluice.Tests.TaskQueue;

/// <summary>The task queue contract on the SQLite store.</summary>
public sealed class SqliteTaskQueueTests : TaskQueueContractTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override Task<SluiceStore> OpenStoreAsync() => SqliteStore.OpenAsync(Path.Combine(_dir.Path, "queue.db"));

    public void Dispose() => _dir.Dispose();
}
