using Sluice.Expressions;
using Sluice.State;
using Sluice.Tests.Testing;
using static Sluice.Tests.Execution.ExecutorHarness;

namespace Sluice.Tests.Execution;

/// <summary>The embedded executor stores the pipeline's <c>result</c> with the run that succeeded.</summary>
public sealed class RunResultTests
{
    [Fact]
    public async Task Run_Succeeds_StoresTheResultWithTheRun()
    {
        //  count → label
        await using var h = new ExecutorHarness();
        h.Actions.Register(new TestAction("emit", (c, _) => Task.FromResult<IReadOnlyDictionary<string, object?>?>(
            new Dictionary<string, object?> { ["n"] = c.TaskId == "count" ? 42L : 0L, ["text"] = "<b>" + c.TaskId + "</b>" })));
        var pipeline = Pipeline(T("count", "emit") with { Outputs = ["n", "text"] }, T("label", "emit", "count") with { Outputs = ["n", "text"] })
            with { Result = "{{ {'rows': count.n, 'label': label.text} }}" };

        var outcome = await h.RunAsync(pipeline);

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var run = (await h.Store.GetRunAsync(outcome.RunId)).ShouldNotBeNull();
        run.ResultJson.ShouldBe("""{"rows":42,"label":"<b>label</b>"}""");
        run.ResultJson.ShouldBe(ExprValues.ToJsonText(outcome.Result));
    }

    [Fact]
    public async Task Run_TaskFails_StoresNoResult()
    {
        await using var h = new ExecutorHarness();
        h.Actions.Register(new TestAction("boom", (_, _) => throw new InvalidOperationException("boom")));
        var pipeline = Pipeline(T("t", "boom")) with { Result = "{{ 1 }}" };

        var outcome = await h.RunAsync(pipeline);

        outcome.State.ShouldBe(RunState.Failed);
        (await h.Store.GetRunAsync(outcome.RunId))!.ResultJson.ShouldBeNull();
    }

    [Fact]
    public async Task Run_ResultFailsToEvaluate_FailsTheRunWithoutAResult()
    {
        await using var h = new ExecutorHarness();
        h.Actions.Register(new TestAction("emit", (_, _) => Task.FromResult<IReadOnlyDictionary<string, object?>?>(
            new Dictionary<string, object?> { ["items"] = new List<object?> { 1L } })));
        var pipeline = Pipeline(T("t", "emit") with { Outputs = ["items"] }) with { Result = "{{ t.items[5] }}" };

        var outcome = await h.RunAsync(pipeline);

        outcome.State.ShouldBe(RunState.Failed);
        var run = (await h.Store.GetRunAsync(outcome.RunId)).ShouldNotBeNull();
        run.Error.ShouldNotBeNull().ShouldStartWith("result: ");
        run.ResultJson.ShouldBeNull();
    }
}
