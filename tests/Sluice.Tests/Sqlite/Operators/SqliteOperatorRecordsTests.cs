using Sluice.Sqlite;
using Sluice.Stores;
using Sluice.Tests.Operators;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Sqlite.Operators;

/// <summary>The operator records contract on the embedded SQLite store.</summary>
public sealed class SqliteOperatorRecordsTests : OperatorRecordsContractTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override Task<SluiceStore> OpenAsync() => SqliteStore.OpenAsync(_dir.File("store.db"));

    public void Dispose() => _dir.Dispose();
}
