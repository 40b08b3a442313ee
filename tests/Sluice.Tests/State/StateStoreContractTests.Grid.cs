using Sluice.State;

namespace Sluice.Tests.State;

public abstract partial class StateStoreContractTests
{
    [Fact]
    public async Task GetTaskStates_OfSeveralRuns_ReturnsEachTasksStateWithoutItems()
    {
        await Store.CreateRunAsync(NewRun("r1"));
        await Store.CreateRunAsync(NewRun("r2"));
        await Store.CreateRunAsync(NewRun("r3"));
        var batch = new StateBatch();
        batch.Tasks.Add(new TaskInstanceRecord { RunId = "r1", TaskId = "a", State = TaskState.Succeeded });
        batch.Tasks.Add(new TaskInstanceRecord { RunId = "r1", TaskId = "b", State = TaskState.Failed });
        batch.Tasks.Add(new TaskInstanceRecord { RunId = "r2", TaskId = "a", State = TaskState.UpstreamFailed, MapCount = 2 });
        batch.Tasks.Add(new TaskInstanceRecord { RunId = "r2", TaskId = "a", MapIndex = 0, State = TaskState.Failed });
        batch.Tasks.Add(new TaskInstanceRecord { RunId = "r3", TaskId = "a", State = TaskState.Running });
        await Store.CommitAsync(batch);

        var cells = await Store.GetTaskStatesAsync(["r1", "r2"]);

        cells.OrderBy(static c => c.RunId, StringComparer.Ordinal).ThenBy(static c => c.TaskId, StringComparer.Ordinal).ShouldBe(
        [
            new TaskStateCell("r1", "a", TaskState.Succeeded),
            new TaskStateCell("r1", "b", TaskState.Failed),
            new TaskStateCell("r2", "a", TaskState.UpstreamFailed),
        ]);
        (await Store.GetTaskStatesAsync([])).ShouldBeEmpty();
    }
}
