using Sluice.State;

namespace Sluice.Tests.State;

/// <summary>A run's <c>result</c> is a column of the run: written by the commit that ends it, read with the run.</summary>
public abstract partial class StateStoreContractTests
{
    private const string ResultJson = """{"rows":42,"names":["a","é"],"nested":{"ok":true}}""";

    [Fact]
    public async Task Commit_SucceededRunWithResult_RoundTripsResultThroughGetAndList()
    {
        await Store.CreateRunAsync(NewRun("r1", state: RunState.Running) with { StartedAt = T0 });
        var batch = new StateBatch();
        batch.Tasks.Add(new TaskInstanceRecord { RunId = "r1", TaskId = "t", State = TaskState.Succeeded, Attempt = 1, OutputsJson = "{\"n\":42}" });
        batch.Runs.Add(NewRun("r1", state: RunState.Succeeded) with { StartedAt = T0, EndedAt = T0.AddSeconds(2), ResultJson = ResultJson });
        await Store.CommitAsync(batch);

        var run = (await Store.GetRunAsync("r1")).ShouldNotBeNull();
        run.State.ShouldBe(RunState.Succeeded);
        run.ResultJson.ShouldBe(ResultJson);
        (await Store.ListRunsAsync(new RunQuery())).ShouldHaveSingleItem().ResultJson.ShouldBe(ResultJson);
    }

    [Fact]
    public async Task Commit_FailedRun_HasNoResult_AndRunningAgainClearsOne()
    {
        await Store.CreateRunAsync(NewRun("failed"));
        await Store.CreateRunAsync(NewRun("resumed"));
        var end = new StateBatch();
        end.Runs.Add(NewRun("failed", state: RunState.Failed) with { EndedAt = T0, Error = "task 't' failed: boom" });
        end.Runs.Add(NewRun("resumed", state: RunState.Succeeded) with { EndedAt = T0, ResultJson = ResultJson });
        await Store.CommitAsync(end);
        var again = new StateBatch();
        again.Runs.Add((await Store.GetRunAsync("resumed"))! with { State = RunState.Running, EndedAt = null, ResultJson = null });
        await Store.CommitAsync(again);

        (await Store.GetRunAsync("failed"))!.ResultJson.ShouldBeNull();
        (await Store.GetRunAsync("resumed"))!.ResultJson.ShouldBeNull();
    }

    [Fact]
    public async Task CreateRun_WithResult_StoresIt()
    {
        await Store.CreateRunAsync(NewRun("r1", state: RunState.Succeeded) with { ResultJson = "[1,2,3]" });
        (await Store.GetRunAsync("r1"))!.ResultJson.ShouldBe("[1,2,3]");
    }
}
