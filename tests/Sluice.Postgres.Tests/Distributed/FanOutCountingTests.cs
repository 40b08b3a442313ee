using Sluice.Actions;
using Sluice.Actions.BuiltIn;
using Sluice.Definition;
using Sluice.Diagnostics;
using Sluice.Distributed;
using Sluice.Postgres.Tests.Testing;
using Sluice.State;
using Sluice.Stores;

namespace Sluice.Postgres.Tests.Distributed;

/// <summary>
/// Items of a fan-out are counted at commit (the statement before the COMMIT) by all but the transaction that
/// ends the task, which runs again counting under the task's row lock: many small commits from several workers
/// must count every item exactly once, failures included, and end the task once.
/// </summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class FanOutCountingTests(PostgresFixture server)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task FanOut_ManySmallCommitsFromFourWorkers_EndsTheTaskOnceWithEveryItem()
    {
        //   fan (for_each over range(200)) ──► total
        var pipeline = new PipelineDefinition
        {
            Id = "count_all",
            Tasks =
            [
                new TaskDefinition { Id = "fan", Action = "noop", ForEach = "{{ range(200) }}", Parameters = new Dictionary<string, object?> { ["v"] = "{{ item }}" }, Outputs = ["v"] },
                new TaskDefinition { Id = "total", Action = "noop", Parameters = new Dictionary<string, object?> { ["sum"] = "{{ sum(fan.v) }}", ["n"] = "{{ len(fan.v) }}" }, Outputs = ["sum", "n"], Dependencies = ["fan"] },
            ],
        };
        await using var store = await OpenAsync();
        // Three outcomes per commit at most: dozens of commits per worker count the same task.
        var options = Options(pipeline, BuiltInActions.CreateRegistry()) with { CommitBatchSize = 3, Capacity = 8, ClaimBatchSize = 8 };
        var run = await new DistributedRuns(store, options).StartAsync(pipeline, Version(pipeline), new Dictionary<string, object?>());

        var workers = WorkerGroup.Start(store, options, 4);
        await using (workers)
        {
            var final = await new DistributedRuns(store, options).WaitAsync(run.RunId, Patience);
            final.State.ShouldBe(RunState.Succeeded, final.Error);
        }
        var completed = workers.Workers.Sum(w => w.Completed);

        var rows = await store.State.GetTaskInstancesAsync(run.RunId);
        rows.Count(r => r.TaskId == "fan" && r.MapIndex >= 0 && r.State == TaskState.Succeeded).ShouldBe(200);
        rows.Single(r => r.TaskId == "fan" && r.MapIndex == -1).State.ShouldBe(TaskState.Succeeded);
        using var total = System.Text.Json.JsonDocument.Parse(rows.Single(r => r.TaskId == "total").OutputsJson!);
        total.RootElement.GetProperty("n").GetInt32().ShouldBe(200);
        total.RootElement.GetProperty("sum").GetDouble().ShouldBe(19900);
        // Every claimed item (200 items and 'total') was committed once, and counted by the worker that committed it.
        completed.ShouldBe(201);
        (await store.State.GetAttemptsAsync(run.RunId)).Count.ShouldBe(201);
    }

    [Fact]
    public async Task FanOut_SomeItemsFail_TaskFailsCountingEveryFailureAndDownstreamIsUpstreamFailed()
    {
        //   fan (for_each over range(100); items 0, 10, 20, ... fail) ──► after
        var pipeline = new PipelineDefinition
        {
            Id = "count_failed",
            Tasks =
            [
                new TaskDefinition { Id = "fan", Action = "fail_tenth", ForEach = "{{ range(100) }}" },
                new TaskDefinition { Id = "after", Action = "noop", Dependencies = ["fan"] },
            ],
        };
        await using var store = await OpenAsync();
        var actions = BuiltInActions.CreateRegistry().Register(new FailEveryTenthItem());
        var options = Options(pipeline, actions) with { CommitBatchSize = 4, Capacity = 8, ClaimBatchSize = 8 };
        var run = await new DistributedRuns(store, options).StartAsync(pipeline, Version(pipeline), new Dictionary<string, object?>());

        await using (var workers = WorkerGroup.Start(store, options, 2))
        {
            var final = await new DistributedRuns(store, options).WaitAsync(run.RunId, Patience);
            final.State.ShouldBe(RunState.Failed);
            final.Error.ShouldNotBeNull().ShouldContain("10 of 100 items failed");
        }

        var rows = await store.State.GetTaskInstancesAsync(run.RunId);
        rows.Count(r => r.TaskId == "fan" && r.MapIndex >= 0 && r.State == TaskState.Failed).ShouldBe(10);
        rows.Count(r => r.TaskId == "fan" && r.MapIndex >= 0 && r.State == TaskState.Succeeded).ShouldBe(90);
        rows.Single(r => r.TaskId == "after").State.ShouldBe(TaskState.UpstreamFailed);
    }

    private async Task<SluiceStore> OpenAsync() => await PostgresStore.OpenAsync(await server.CreateDatabaseAsync());

    private static WorkerOptions Options(PipelineDefinition pipeline, ActionRegistry actions) => new()
    {
        Actions = actions,
        Definitions = new Dictionary<(string, string), PipelineDefinition> { [(pipeline.Id, "h-" + pipeline.Id)] = pipeline },
        PollInterval = TimeSpan.FromMilliseconds(200),
        ArtifactRoot = Path.Combine(Path.GetTempPath(), "sluice-count-" + Guid.NewGuid().ToString("N")[..8]),
    };

    private static PipelineVersionRecord Version(PipelineDefinition pipeline) => new(pipeline.Id, "h-" + pipeline.Id, null, null, "{}", null, Records.T0);

    /// <summary>Fails (bad data, not retried) items whose index is a multiple of ten.</summary>
    private sealed class FailEveryTenthItem : IAction
    {
        public ActionDescriptor Descriptor { get; } = new("fail_tenth", "Fails every tenth item.", [], [], AllowsExtraParameters: true, AllowsExtraOutputs: true);

        public ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken) =>
            context.MapIndex % 10 == 0 ? throw new SluiceException("bad item") : ValueTask.FromResult(ActionResult.Empty);
    }
}
