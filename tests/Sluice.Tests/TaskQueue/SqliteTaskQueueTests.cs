using Sluice.State;
using Sluice.State.Sqlite;
using Sluice.Tests.Testing;

namespace Sluice.Tests.TaskQueue;

/// <summary>The task queue contract on the SQLite store.</summary>
public sealed class SqliteTaskQueueTests : TaskQueueContractTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override Task<IStateStore> CreateStoreAsync() => Task.FromResult<IStateStore>(new SqliteStateStore(Path.Combine(_dir.Path, "queue.db")));

    public void Dispose() => _dir.Dispose();
}
