namespace Sluice.Tests.Execution.Semantics;

/// <summary>The executor-semantics suite on the embedded executor (SQLite).</summary>
public sealed class EmbeddedSemanticsTests : ExecutorSemanticsContractTests
{
    protected override async Task<RunEngine> CreateEngineAsync() => await EmbeddedEngine.CreateAsync();
}
