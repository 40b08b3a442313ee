using Sluice.Operators;
using Sluice.Stores;

namespace Sluice.Tests.Operators;

/// <summary>The audit trail and paused pipelines, the same on every store. Subclassed once per store.</summary>
public abstract class OperatorRecordsContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected SluiceStore Store { get; private set; } = null!;

    protected abstract Task<SluiceStore> OpenAsync();

    public async Task InitializeAsync() => Store = await OpenAsync();

    public async Task DisposeAsync() => await Store.DisposeAsync();

    [Fact]
    public async Task Audit_IsListedNewestFirst_ByRunOrPipeline()
    {
        var records = Store.Operators;
        await records.RecordAsync(new AuditEntry(0, T0, "ui 127.0.0.1", "trigger", "p", "r1", "{\"a\":1}"));
        await records.RecordAsync(new AuditEntry(0, T0.AddSeconds(1), "api token 10.0.0.5", "cancel", "p", "r1", null));
        await records.RecordAsync(new AuditEntry(0, T0.AddSeconds(2), "cli me@host", "clear", "q", "r2", "load and downstream"));

        var forRun = await records.ListAsync(runId: "r1");
        forRun.Select(static e => e.Action).ShouldBe(["cancel", "trigger"]);
        forRun[0].Actor.ShouldBe("api token 10.0.0.5");
        forRun[0].At.ShouldBe(T0.AddSeconds(1));
        forRun[1].Detail.ShouldBe("{\"a\":1}");
        (await records.ListAsync(pipelineId: "q")).Single().Detail.ShouldBe("load and downstream");
        (await records.ListAsync()).Select(static e => e.RunId).ShouldBe(["r2", "r1", "r1"]);
        (await records.ListAsync(limit: 1)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Pause_IsKeptUntilUnpaused_AndEachChangeIsAudited()
    {
        var records = Store.Operators;
        (await records.GetPausedAsync()).ShouldBeEmpty();

        await records.SetPausedAsync("p", true, new AuditEntry(0, T0, "ui", "pause", "p", null, null));
        await records.SetPausedAsync("p", true, new AuditEntry(0, T0.AddSeconds(5), "ui", "pause", "p", null, null));

        var paused = (await records.GetPausedAsync()).Single();
        paused.PipelineId.ShouldBe("p");
        paused.PausedAt.ShouldBe(T0, "pausing again keeps the first pause");
        paused.PausedBy.ShouldBe("ui");
        await records.SetPausedAsync("p", false, new AuditEntry(0, T0.AddSeconds(9), "api", "unpause", "p", null, null));
        (await records.GetPausedAsync()).ShouldBeEmpty();
        (await records.ListAsync(pipelineId: "p")).Select(static e => e.Action).ShouldBe(["unpause", "pause", "pause"]);
    }
}
