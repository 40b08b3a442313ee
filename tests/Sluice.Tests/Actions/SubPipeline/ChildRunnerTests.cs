using Sluice.Definition.Yaml;
using Sluice.Execution;
using Sluice.State;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Actions.SubPipeline;

/// <summary>The executor's hook for child runs, used directly by an action as a C# host's own action would.</summary>
public sealed class ChildRunnerTests
{
    [Fact]
    public async Task RunAsync_ChildAlreadySucceeded_ReadsItsResultBackWithoutRunningTasksAgain()
    {
        await using var h = new SubPipelineHarness();
        var childTask = new TestAction("count_me", (_, _) => Task.FromResult<IReadOnlyDictionary<string, object?>?>(new Dictionary<string, object?> { ["n"] = 7L }));
        h.Actions.Register(childTask);
        var childFile = h.Write("child.yaml", """
            id: child
            tasks:
              - id: work
                action: count_me
                outputs: [n]
            result: "{{ work.n }}"
            """);
        var results = new List<(object? Result, int Depth, string Parent)>();
        h.Actions.Register(new TestAction("twice", async (context, ct) =>
        {
            var runner = (ChildRunner)context.Services!.GetService(typeof(ChildRunner))!;
            var loaded = PipelineLoader.LoadFile(childFile, runner.Actions);
            var child = loaded.Definition!;
            var version = new PipelineVersionRecord(child.Id, loaded.ContentHash, null, null, File.ReadAllText(childFile), childFile, DateTimeOffset.UnixEpoch);
            for (var i = 0; i < 2; i++)
            {
                var outcome = await runner.RunAsync(child, version, new Dictionary<string, object?>(), context.RunId + ".child", "parent:test", null, ct);
                outcome.State.ShouldBe(RunState.Succeeded);
                results.Add((outcome.Result, runner.Depth, runner.ParentRunId));
            }
            return null;
        }));
        h.Write("parent.yaml", """
            id: parent
            tasks:
              - id: host
                action: twice
            """);

        var outcome = await h.RunAsync("parent.yaml");

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        results.ShouldBe([(7L, 0, outcome.RunId), (7L, 0, outcome.RunId)]);
        childTask.Calls.Count.ShouldBe(1);
        (await h.Store.GetRunAsync(outcome.RunId + ".child")).ShouldNotBeNull().State.ShouldBe(RunState.Succeeded);
    }
}
