using System.Collections.Concurrent;
using Sluice.Actions;
using Sluice.Definition;
using Sluice.Definition.Yaml;
using Sluice.Diagnostics;
using Sluice.State;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Execution.Semantics;

/// <summary>
/// How a run behaves, whoever executes it: every test here passes unchanged on the embedded executor and on
/// distributed workers over SQLite and PostgreSQL. Subclassed once per engine, as the store contract suites are.
/// </summary>
public abstract partial class ExecutorSemanticsContractTests : IAsyncLifetime
{
    protected RunEngine Engine { get; private set; } = null!;

    protected abstract Task<RunEngine> CreateEngineAsync();

    public async Task InitializeAsync() => Engine = await CreateEngineAsync();

    public async Task DisposeAsync() => await Engine.DisposeAsync();

    protected static TaskDefinition T(string id, string action, params string[] deps) => new() { Id = id, Action = action, Dependencies = deps };

    protected static PipelineDefinition Pipeline(params TaskDefinition[] tasks) => new() { Id = "test", Tasks = tasks };

    protected static Task<IReadOnlyDictionary<string, object?>?> NoOutputs() => Task.FromResult<IReadOnlyDictionary<string, object?>?>(null);

    protected static Task<IReadOnlyDictionary<string, object?>?> Outputs(string name, object? value) =>
        Task.FromResult<IReadOnlyDictionary<string, object?>?>(new Dictionary<string, object?> { [name] = value });

    /// <summary>Registers an action with the engine and returns it (its calls are recorded).</summary>
    protected TestAction Register(string name, Func<ActionContext, CancellationToken, Task<IReadOnlyDictionary<string, object?>?>> body)
    {
        var action = new TestAction(name, body);
        Engine.Actions.Register(action);
        return action;
    }

    protected PipelineDefinition Load(string yaml)
    {
        var result = PipelineLoader.Load(yaml, "test.yaml", Engine.Actions);
        result.Success.ShouldBeTrue(string.Join("\n", result.Diagnostics));
        return result.Definition!;
    }

    [Fact]
    public async Task Chain_RunsInDependencyOrder_AndRecordsEveryState()
    {
        //  a → b → c
        var order = new ConcurrentQueue<string>();
        Register("rec", (ctx, _) =>
        {
            order.Enqueue(ctx.TaskId);
            return Outputs("v", (long)ctx.TaskId.Length);
        });

        var run = await Engine.RunAsync(Pipeline(T("c", "rec", "b"), T("a", "rec"), T("b", "rec", "a")));

        run.State.ShouldBe(RunState.Succeeded, run.Error);
        order.ShouldBe(["a", "b", "c"]);
        run.Rows.OrderBy(r => r.TaskId).Select(r => (r.TaskId, r.State)).ShouldBe([("a", TaskState.Succeeded), ("b", TaskState.Succeeded), ("c", TaskState.Succeeded)]);
        run.Rows.ShouldAllBe(r => r.OutputsJson != null && r.StartedAt != null && r.EndedAt != null);
        run.Outputs("b")!["v"].ShouldBe(1L);
        run.Run.EndedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task Failure_MarksDownstreamUpstreamFailed_WhileIndependentBranchFinishes()
    {
        //  bad → child → grandchild
        //  good (independent)
        Register("ok", (_, _) => NoOutputs());
        Register("bad", (_, _) => throw new SluiceException("boom"));

        var run = await Engine.RunAsync(Pipeline(T("bad", "bad"), T("child", "ok", "bad"), T("grandchild", "ok", "child"), T("good", "ok")));

        run.State.ShouldBe(RunState.Failed);
        run.Error.ShouldBe("task 'bad' failed: boom");
        run.Tasks.ShouldBe(new Dictionary<string, TaskState>
        {
            ["bad"] = TaskState.Failed, ["child"] = TaskState.UpstreamFailed, ["grandchild"] = TaskState.UpstreamFailed, ["good"] = TaskState.Succeeded,
        }, ignoreOrder: true);
        run.Row("bad").Error.ShouldBe("boom");
        run.AttemptsOf("child").ShouldBeEmpty();
    }

    [Fact]
    public async Task TriggerRules_AllDoneRunsAfterFailure_OneFailedRunsOnlyOnFailure()
    {
        //  bad ──► cleanup (all_done), alert (one_failed), blocked ──► blocked2
        //  fine ─► alert_fine (one_failed: skipped)
        Register("ok", (_, _) => NoOutputs());
        Register("bad", (_, _) => throw new SluiceException("x"));
        var p = Pipeline(
            T("bad", "bad"), T("fine", "ok"),
            T("cleanup", "ok", "bad") with { TriggerRule = TriggerRule.AllDone },
            T("alert", "ok", "bad") with { TriggerRule = TriggerRule.OneFailed },
            T("alert_fine", "ok", "fine") with { TriggerRule = TriggerRule.OneFailed },
            T("blocked", "ok", "bad"), T("blocked2", "ok", "blocked"));

        var run = await Engine.RunAsync(p);

        run.State.ShouldBe(RunState.Failed);
        run.Tasks["cleanup"].ShouldBe(TaskState.Succeeded);
        run.Tasks["alert"].ShouldBe(TaskState.Succeeded);
        run.Tasks["alert_fine"].ShouldBe(TaskState.Skipped);
        run.Tasks["blocked"].ShouldBe(TaskState.UpstreamFailed);
        run.Tasks["blocked2"].ShouldBe(TaskState.UpstreamFailed);
    }

    [Fact]
    public async Task Condition_False_SkipsTheTask_DownstreamRunsAndSeesNullOutputs()
    {
        //  features (skipped: enable_ml false) ─┐
        //  anomalies ───────────────────────────┴→ export (data: features.data if inputs.enable_ml else anomalies.data)
        //  features ──► after_skip (runs: a skipped upstream is done)
        var p = Load("""
            id: seed_export_pattern
            inputs:
              enable_ml: {type: bool, default: false}
            context:
              factor: 3
            tasks:
              - id: anomalies
                action: noop
                parameters: {data: normal-rows, scaled: "{{ 2 * context.factor }}"}
              - id: features
                action: noop
                condition: inputs.enable_ml
                parameters: {data: feature-rows}
              - id: export
                action: noop
                parameters:
                  data: "{{ features.data if inputs.enable_ml else anomalies.data }}"
                  features_seen: "{{ features.data }}"
                  scaled: "{{ anomalies.scaled }}"
                dependencies: [features, anomalies]
              - id: after_skip
                action: noop
                parameters: {was: "{{ features }}"}
                dependencies: [features]
            """);

        var run = await Engine.RunAsync(p, new Dictionary<string, object?> { ["enable_ml"] = false });

        run.State.ShouldBe(RunState.Succeeded, run.Error);
        run.Tasks["features"].ShouldBe(TaskState.Skipped);
        run.Outputs("features").ShouldBeNull();
        run.AttemptsOf("features").ShouldBeEmpty();
        var export = run.Outputs("export")!;
        export["data"].ShouldBe("normal-rows");
        export["features_seen"].ShouldBeNull();
        export["scaled"].ShouldBe(6L);
        run.Tasks["after_skip"].ShouldBe(TaskState.Succeeded);
        run.Outputs("after_skip")!["was"].ShouldBeNull();
    }

    [Fact]
    public async Task ActionContext_CarriesThePipelineId_ForTasksAndItems()
    {
        var seen = new ConcurrentQueue<(string Task, int Item, string PipelineId, string RunId)>();
        Register("who", (ctx, _) =>
        {
            seen.Enqueue((ctx.TaskId, ctx.MapIndex, ctx.PipelineId, ctx.RunId));
            return NoOutputs();
        });
        var p = Pipeline(T("one", "who"), T("fan", "who", "one") with { ForEach = "{{ range(2) }}" }) with { Id = "pipeline_x" };

        var run = await Engine.RunAsync(p);

        run.State.ShouldBe(RunState.Succeeded, run.Error);
        seen.Select(s => (s.Task, s.Item)).ShouldBe([("one", -1), ("fan", 0), ("fan", 1)], ignoreOrder: true);
        seen.ShouldAllBe(s => s.PipelineId == "pipeline_x" && s.RunId == run.RunId);
    }
}
