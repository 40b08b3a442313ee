using Sluice.Sqlite;
using Sluice.Tests.Execution.Semantics;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Distributed;

/// <summary>The executor-semantics suite on distributed workers sharing a SQLite file.</summary>
public sealed class SqliteDistributedSemanticsTests : ExecutorSemanticsContractTests
{
    protected override async Task<RunEngine> CreateEngineAsync()
    {
        var dir = new TempDirectory();
        var path = dir.File("dist.db");
        return new DistributedEngine(await SqliteStore.OpenAsync(path), path, dir);
    }
}
