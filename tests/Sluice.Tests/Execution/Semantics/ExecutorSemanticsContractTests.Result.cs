using Sluice.State;

namespace Sluice.Tests.Execution.Semantics;

/// <summary>A pipeline's <c>result</c>: stored with a run that succeeded, never with one that failed.</summary>
public abstract partial class ExecutorSemanticsContractTests
{
    [Fact]
    public async Task Result_RunSucceeds_StoresTheResultWithTheRun()
    {
        //  count → label
        //  fan[0..3]
        Register("emit", (c, _) => Task.FromResult<IReadOnlyDictionary<string, object?>?>(
            new Dictionary<string, object?> { ["n"] = c.TaskId == "count" ? 42L : 0L, ["text"] = "<b>" + c.TaskId + "</b>" }));
        var pipeline = Pipeline(
                T("count", "emit") with { Outputs = ["n", "text"] },
                T("label", "emit", "count") with { Outputs = ["n", "text"] },
                T("fan", "noop") with { ForEach = "{{ range(4) }}", Parameters = new Dictionary<string, object?> { ["v"] = "{{ item * 2 }}" }, Outputs = ["v"] })
            with
        { Result = "{{ {'rows': count.n, 'label': label.text, 'total': sum(fan.v), 'n': len(fan.v)} }}" };

        var run = await Engine.RunAsync(pipeline);

        run.State.ShouldBe(RunState.Succeeded, run.Error);
        run.Run.ResultJson.ShouldBe("""{"rows":42,"label":"<b>label</b>","total":12,"n":4}""");
    }

    [Fact]
    public async Task Result_MapOfTemplates_IsEvaluatedEntryByEntry()
    {
        var pipeline = Pipeline(T("seed", "noop") with { Parameters = new Dictionary<string, object?> { ["items"] = "{{ range(3) }}" }, Outputs = ["items"] })
            with
        { Result = new Dictionary<string, object?> { ["count"] = "{{ len(seed.items) }}", ["label"] = "n={{ len(seed.items) }}" } };

        var run = await Engine.RunAsync(pipeline);

        run.State.ShouldBe(RunState.Succeeded, run.Error);
        run.Run.ResultJson.ShouldBe("""{"count":3,"label":"n=3"}""");
    }

    [Fact]
    public async Task Result_TaskFails_StoresNoResult()
    {
        Register("boom", (_, _) => throw new InvalidOperationException("boom"));

        var run = await Engine.RunAsync(Pipeline(T("t", "boom")) with { Result = "{{ 1 }}" });

        run.State.ShouldBe(RunState.Failed);
        run.Run.ResultJson.ShouldBeNull();
    }

    [Fact]
    public async Task Result_FailsToEvaluate_FailsTheRunWithoutAResult()
    {
        Register("emit", (_, _) => Outputs("items", new List<object?> { 1L }));

        var run = await Engine.RunAsync(Pipeline(T("t", "emit") with { Outputs = ["items"] }) with { Result = "{{ t.items[5] }}" });

        run.State.ShouldBe(RunState.Failed);
        run.Error.ShouldNotBeNull().ShouldStartWith("result: ");
        run.Run.ResultJson.ShouldBeNull();
        run.Tasks["t"].ShouldBe(TaskState.Succeeded);
    }
}
