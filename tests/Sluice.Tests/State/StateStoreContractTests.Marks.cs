using Sluice.State;

namespace Sluice.Tests.State;

public abstract partial class StateStoreContractTests
{
    private static SourceMarkRecord Mark(string pipeline, string task, string key, string value, string run = "r1") => new()
    {
        PipelineId = pipeline, TaskId = task, SourceKey = key, Value = value, RunId = run, UpdatedAt = T0,
    };

    [Fact]
    public async Task SourceMarks_CommittedWithTaskRow_AreReadBackPerPipelineAndTask()
    {
        await Store.CreateRunAsync(NewRun("r1"));
        var batch = new StateBatch();
        batch.Tasks.Add(new TaskInstanceRecord { RunId = "r1", TaskId = "read", State = TaskState.Succeeded, Attempt = 1, OutputsJson = "{}" });
        batch.Marks.Add(Mark("p", "read", "/data/b", "{\"n\":2}"));
        batch.Marks.Add(Mark("p", "read", "/data/a", "{\"n\":1}"));
        batch.Marks.Add(Mark("p", "other", "/data/a", "other task"));
        batch.Marks.Add(Mark("q", "read", "/data/a", "other pipeline"));
        await Store.CommitAsync(batch);

        var marks = await Store.GetSourceMarksAsync("p", "read");
        marks.Select(static m => (m.SourceKey, m.Value, m.RunId)).ShouldBe([("/data/a", "{\"n\":1}", "r1"), ("/data/b", "{\"n\":2}", "r1")]);
        marks[0].UpdatedAt.ShouldBe(T0);
        (await Store.GetSourceMarksAsync("p", "missing")).ShouldBeEmpty();
    }

    [Fact]
    public async Task SourceMarks_LaterCommit_ReplacesValueOfSameKey()
    {
        var first = new StateBatch();
        first.Marks.Add(Mark("p", "read", "k", "1", "r1"));
        await Store.CommitAsync(first);
        var second = new StateBatch();
        // Within one batch the last mark of a key wins.
        second.Marks.Add(Mark("p", "read", "k", "2", "r2"));
        second.Marks.Add(Mark("p", "read", "k", "3", "r2"));
        await Store.CommitAsync(second);

        var mark = (await Store.GetSourceMarksAsync("p", "read")).ShouldHaveSingleItem();
        (mark.Value, mark.RunId).ShouldBe(("3", "r2"));
    }

    [Fact]
    public async Task ClearSourceMarks_RemovesOnlyThatPipeline()
    {
        var batch = new StateBatch();
        batch.Marks.Add(Mark("p", "a", "k1", "1"));
        batch.Marks.Add(Mark("p", "b", "k2", "1"));
        batch.Marks.Add(Mark("q", "a", "k1", "1"));
        await Store.CommitAsync(batch);

        (await Store.ClearSourceMarksAsync("p")).ShouldBe(2);
        (await Store.GetSourceMarksAsync("p", "a")).ShouldBeEmpty();
        (await Store.GetSourceMarksAsync("p", "b")).ShouldBeEmpty();
        (await Store.GetSourceMarksAsync("q", "a")).ShouldHaveSingleItem();
    }
}
