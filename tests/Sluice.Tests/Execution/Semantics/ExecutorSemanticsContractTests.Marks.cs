using System.Globalization;
using Sluice.Actions;
using Sluice.Diagnostics;
using Sluice.State;

namespace Sluice.Tests.Execution.Semantics;

public abstract partial class ExecutorSemanticsContractTests
{
    [Fact]
    public async Task SourceMarks_AdvanceOnlyWithTheTasksSuccess()
    {
        //  read (reads mark "src", returns it + 1)
        var fail = false;
        var seen = new List<string?>();
        Engine.Actions.Register(new MarkingAction("marking", async (ctx, ct) =>
        {
            var mark = await ctx.Marks.GetAsync("src", ct);
            lock (seen)
            {
                seen.Add(mark);
            }
            if (fail)
            {
                throw new SluiceException("boom after reading the mark");
            }
            var next = (mark is null ? 1 : long.Parse(mark, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
            return new ActionResult(new Dictionary<string, object?> { ["next"] = next }) { Marks = new Dictionary<string, string> { ["src"] = next } };
        }));
        var pipeline = Pipeline(T("read", "marking"));

        (await Engine.RunAsync(pipeline)).State.ShouldBe(RunState.Succeeded);
        fail = true;
        (await Engine.RunAsync(pipeline)).State.ShouldBe(RunState.Failed);
        fail = false;
        var third = await Engine.RunAsync(pipeline);

        third.State.ShouldBe(RunState.Succeeded, third.Error);
        seen.ShouldBe([null, "1", "1"]);
        var mark = (await Engine.Store.GetSourceMarksAsync("test", "read")).ShouldHaveSingleItem();
        (mark.Value, mark.RunId).ShouldBe(("2", third.Run.RunId));
    }

    private sealed class MarkingAction(string name, Func<ActionContext, CancellationToken, Task<ActionResult>> body) : IAction
    {
        public ActionDescriptor Descriptor { get; } = new(name, "test action returning source marks", [], [], AllowsExtraParameters: true, AllowsExtraOutputs: true);

        public async ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken) => await body(context, cancellationToken);
    }
}
