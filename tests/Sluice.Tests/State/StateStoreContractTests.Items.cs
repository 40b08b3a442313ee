using Sluice.State;

namespace Sluice.Tests.State;

public abstract partial class StateStoreContractTests
{
    [Fact]
    public async Task GetTaskItems_FilteredByStateAndPagedByIndex_CountsEveryItemOfTheTask()
    {
        await Store.CreateRunAsync(NewRun("r1"));
        var batch = new StateBatch();
        batch.Tasks.Add(new TaskInstanceRecord { RunId = "r1", TaskId = "each", State = TaskState.Failed, MapCount = 250 });
        for (var i = 0; i < 250; i++)
        {
            batch.Tasks.Add(new TaskInstanceRecord
            {
                RunId = "r1", TaskId = "each", MapIndex = i, State = i % 10 == 7 ? TaskState.Failed : TaskState.Succeeded, Attempt = i % 10 == 7 ? 3 : 1,
                StartedAt = T0.AddSeconds(i), EndedAt = T0.AddSeconds(i + 2), Error = i % 10 == 7 ? $"item {i} broke" : null,
            });
        }
        // Another task's items and the parent row are never part of the page or the counts.
        batch.Tasks.Add(new TaskInstanceRecord { RunId = "r1", TaskId = "other", MapIndex = 0, State = TaskState.Failed });
        await Store.CommitAsync(batch);

        var first = await Store.GetTaskItemsAsync(new TaskItemQuery("r1", "each", Limit: 100));
        first.Items.Select(static i => i.MapIndex).ShouldBe(Enumerable.Range(0, 100));
        first.Counts.ShouldBe(new Dictionary<TaskState, int> { [TaskState.Succeeded] = 225, [TaskState.Failed] = 25 }, ignoreOrder: true);
        var last = await Store.GetTaskItemsAsync(new TaskItemQuery("r1", "each", AfterIndex: 199, Limit: 100));
        last.Items.Select(static i => i.MapIndex).ShouldBe(Enumerable.Range(200, 50));

        var failed = await Store.GetTaskItemsAsync(new TaskItemQuery("r1", "each", TaskState.Failed, AfterIndex: 7, Limit: 3));
        failed.Items.Select(static i => i.MapIndex).ShouldBe([17, 27, 37]);
        failed.Items[0].Attempt.ShouldBe(3);
        failed.Items[0].Error.ShouldBe("item 17 broke");
        failed.Items[0].StartedAt.ShouldBe(T0.AddSeconds(17));
        failed.Items[0].EndedAt.ShouldBe(T0.AddSeconds(19));
        failed.Counts[TaskState.Failed].ShouldBe(25);

        (await Store.GetTaskItemsAsync(new TaskItemQuery("r1", "absent"))).Items.ShouldBeEmpty();
    }
}
