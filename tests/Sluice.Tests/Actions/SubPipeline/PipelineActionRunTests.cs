using Sluice.Actions.BuiltIn.SubPipeline;
using Sluice.State;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Actions.SubPipeline;

public sealed class PipelineActionRunTests
{
    private const string Child = """
        id: child
        inputs:
          greeting: {type: string, required: true}
          count: {type: integer, default: 1}
        tasks:
          - id: say
            action: noop
            parameters: {text: "{{ inputs.greeting }} x{{ inputs.count }}", n: "{{ inputs.count }}"}
            outputs: [text, n]
        result:
          text: "{{ say.text }}"
          n: "{{ say.n }}"
        """;

    [Fact]
    public async Task Run_ChildWithInputs_ResultIsReadDownstream_AndChildRunRecordsItsParent()
    {
        //  child (pipeline: children/child.yaml) → use (reads child.result)
        await using var h = new SubPipelineHarness();
        h.Write("children/child.yaml", Child);
        h.Write("parent.yaml", """
            id: parent
            tasks:
              - id: child
                action: pipeline
                parameters:
                  path: children/child.yaml
                  inputs: {greeting: hello, count: 3}
                outputs: [result, run_id, outputs]
              - id: use
                action: noop
                dependencies: [child]
                parameters:
                  message: "{{ child.result.text }}"
                  doubled: "{{ child.result.n * 2 }}"
                  said: "{{ child.outputs.say.text }}"
            """);

        var outcome = await h.RunAsync("parent.yaml");

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var use = (IReadOnlyDictionary<string, object?>)outcome.Outputs["use"]!;
        use["message"].ShouldBe("hello x3");
        use["doubled"].ShouldBe(6L);
        use["said"].ShouldBe("hello x3");
        var childRunId = ChildRunIds.For(outcome.RunId, "child", -1);
        ((IReadOnlyDictionary<string, object?>)outcome.Outputs["child"]!)["run_id"].ShouldBe(childRunId);
        var childRun = (await h.Store.GetRunAsync(childRunId)).ShouldNotBeNull();
        childRun.PipelineId.ShouldBe("child");
        childRun.State.ShouldBe(RunState.Succeeded);
        childRun.Trigger.ShouldBe($"parent:{outcome.RunId}/child");
        childRun.InputsJson.ShouldContain("\"greeting\":\"hello\"");
    }

    [Fact]
    public async Task Run_ForEachOverPipeline_StartsOneChildRunPerItem()
    {
        await using var h = new SubPipelineHarness();
        h.Write("child.yaml", Child);
        h.Write("parent.yaml", """
            id: parent
            tasks:
              - id: each
                action: pipeline
                for_each: "{{ ['a', 'b'] }}"
                parameters:
                  path: child.yaml
                  inputs: {greeting: "{{ item }}"}
                outputs: [result]
            result: "{{ each.result }}"
            """);

        var outcome = await h.RunAsync("parent.yaml");

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var results = ((IReadOnlyList<object?>)outcome.Result!).Cast<IReadOnlyDictionary<string, object?>>().Select(r => r["text"]).ToList();
        results.ShouldBe(["a x1", "b x1"]);
        (await h.Store.GetRunAsync(ChildRunIds.For(outcome.RunId, "each", 1))).ShouldNotBeNull().Trigger.ShouldBe($"parent:{outcome.RunId}/each[1]");
    }

    [Fact]
    public async Task Run_ChildTaskFails_ParentTaskFailsWithTheChildTaskAndError()
    {
        await using var h = new SubPipelineHarness();
        h.Write("child.yaml", """
            id: checker
            tasks:
              - id: check
                action: shell
                parameters: {command: "echo 'flag file is missing' >&2; exit 3"}
            """);
        h.Write("parent.yaml", """
            id: parent
            tasks:
              - id: sub
                action: pipeline
                parameters: {path: child.yaml}
              - id: after
                action: noop
                dependencies: [sub]
            """);

        var outcome = await h.RunAsync("parent.yaml");

        outcome.State.ShouldBe(RunState.Failed);
        outcome.Tasks["sub"].ShouldBe(TaskState.Failed);
        outcome.Tasks["after"].ShouldBe(TaskState.UpstreamFailed);
        var error = (await h.TaskAsync(outcome.RunId, "sub")).Error.ShouldNotBeNull();
        error.ShouldContain($"child run {outcome.RunId}.sub of pipeline 'checker' failed");
        error.ShouldContain("task 'check' failed");
        error.ShouldContain("exited with code 3");
        (await h.Store.GetRunAsync(outcome.RunId + ".sub")).ShouldNotBeNull().State.ShouldBe(RunState.Failed);
    }

    [Fact]
    public async Task Resume_AfterChildFailure_RerunsOnlyTheChildsFailedTask()
    {
        //  parent: sub (pipeline) → done
        //  child:  first (appends to first.log) → check (needs the flag file)
        await using var h = new SubPipelineHarness();
        h.Write("child.yaml", """
            id: child
            tasks:
              - id: first
                action: shell
                parameters: {command: "echo ran >> '$ROOT/first.log'"}
              - id: check
                action: shell
                dependencies: [first]
                parameters: {command: "test -f '$ROOT/flag'"}
            """);
        h.Write("parent.yaml", """
            id: parent
            tasks:
              - id: sub
                action: pipeline
                parameters: {path: child.yaml}
              - id: done
                action: noop
                dependencies: [sub]
            """);
        var failed = await h.RunAsync("parent.yaml");
        failed.State.ShouldBe(RunState.Failed);

        h.Write("flag", "fixed");
        var resumed = await h.ResumeAsync("parent.yaml", failed.RunId);

        resumed.State.ShouldBe(RunState.Succeeded, resumed.Error);
        var childRunId = failed.RunId + ".sub";
        (await h.Store.GetRunAsync(childRunId)).ShouldNotBeNull().State.ShouldBe(RunState.Succeeded);
        File.ReadAllLines(Path.Combine(h.Root, "first.log")).Length.ShouldBe(1);
        (await h.TaskAsync(childRunId, "first")).Attempt.ShouldBe(1);
        (await h.TaskAsync(childRunId, "check")).Attempt.ShouldBe(2);
        (await h.TaskAsync(failed.RunId, "sub")).Attempt.ShouldBe(2);
        (await h.Store.ListRunsAsync(new RunQuery())).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Cancel_ParentRun_CancelsTheChildRun()
    {
        await using var h = new SubPipelineHarness();
        var started = new TaskCompletionSource();
        h.Actions.Register(new TestAction("wait_forever", async (_, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        }));
        h.Write("child.yaml", """
            id: child
            tasks:
              - id: block
                action: wait_forever
            """);
        h.Write("parent.yaml", """
            id: parent
            tasks:
              - id: sub
                action: pipeline
                parameters: {path: child.yaml}
            """);
        using var cts = new CancellationTokenSource();

        var running = h.RunAsync("parent.yaml", cts.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cts.CancelAsync();
        var outcome = await running;

        outcome.State.ShouldBe(RunState.Cancelled);
        outcome.Tasks["sub"].ShouldBe(TaskState.Cancelled);
        var child = (await h.Store.GetRunAsync(outcome.RunId + ".sub")).ShouldNotBeNull();
        child.State.ShouldBe(RunState.Cancelled);
        (await h.TaskAsync(child.RunId, "block")).State.ShouldBe(TaskState.Cancelled);
    }

    [Fact]
    public async Task Run_RecursionThroughATemplatedPath_StopsAtTheDepthLimit()
    {
        await using var h = new SubPipelineHarness();
        h.Write("again.yaml", """
            id: again
            inputs:
              next: {type: string, default: again.yaml}
            tasks:
              - id: deeper
                action: pipeline
                parameters:
                  path: "{{ inputs.next }}"
            """);

        var outcome = await h.RunAsync("again.yaml");

        outcome.State.ShouldBe(RunState.Failed);
        outcome.Error.ShouldNotBeNull().ShouldContain($"pipelines nest more than {PipelineAction.MaxDepth} levels deep");
        var runs = await h.Store.ListRunsAsync(new RunQuery());
        runs.Count.ShouldBe(PipelineAction.MaxDepth + 1);
    }

    [Fact]
    public async Task Run_InputsRenderedAtRunTime_AreCheckedAgainstTheChild()
    {
        await using var h = new SubPipelineHarness();
        h.Write("child.yaml", Child);
        h.Write("parent.yaml", """
            id: parent
            tasks:
              - id: sub
                action: pipeline
                parameters:
                  path: child.yaml
                  inputs: "{{ {'greeting': 'hi', 'count': 'many'} }}"
            """);

        var outcome = await h.RunAsync("parent.yaml");

        outcome.State.ShouldBe(RunState.Failed);
        var error = (await h.TaskAsync(outcome.RunId, "sub")).Error.ShouldNotBeNull();
        error.ShouldContain("input 'count'");
        error.ShouldContain("'many'");
        (await h.Store.GetRunAsync(outcome.RunId + ".sub")).ShouldBeNull();
    }
}
