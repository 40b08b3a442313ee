using Sluice.Definition;
using Sluice.Distributed;
using Sluice.Postgres.Tests.Testing;
using Sluice.State;
using Sluice.Stores;

namespace Sluice.Postgres.Tests.Distributed;

/// <summary>Distributed runs on PostgreSQL with in-process workers: the embedded executor's semantics, many workers.</summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class DistributedRunTests(PostgresFixture server)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Run_MappedPipelineOnTwoWorkers_SucceedsWithOutputsListedPerItem()
    {
        //   seed ──► fan (for_each over seed.items, 300) ──► total
        var pipeline = new PipelineDefinition
        {
            Id = "dist_map",
            Tasks =
            [
                new TaskDefinition { Id = "seed", Action = "noop", Parameters = new Dictionary<string, object?> { ["items"] = "{{ range(300) }}" }, Outputs = ["items"] },
                new TaskDefinition { Id = "fan", Action = "noop", ForEach = "{{ seed.items }}", Parameters = new Dictionary<string, object?> { ["double"] = "{{ item * 2 }}" }, Outputs = ["double"], Dependencies = ["seed"] },
                new TaskDefinition { Id = "total", Action = "noop", Parameters = new Dictionary<string, object?> { ["sum"] = "{{ sum(fan.double) }}" }, Outputs = ["sum"], Dependencies = ["fan"] },
            ],
        };
        await using var store = await OpenAsync();
        var options = Options(pipeline);
        var run = await new DistributedRuns(store, options).StartAsync(pipeline, Version(pipeline), new Dictionary<string, object?>());

        await using (var workers = WorkerGroup.Start(store, options, 2))
        {
            var final = await new DistributedRuns(store, options).WaitAsync(run.RunId, Patience);
            final.State.ShouldBe(RunState.Succeeded, final.Error);
        }

        var rows = await store.State.GetTaskInstancesAsync(run.RunId);
        rows.Count.ShouldBe(1 + 1 + 300 + 1);
        rows.ShouldAllBe(r => r.State == TaskState.Succeeded);
        rows.Single(r => r.TaskId == "fan" && r.MapIndex == -1).MapCount.ShouldBe(300);
        using var total = System.Text.Json.JsonDocument.Parse(rows.Single(r => r.TaskId == "total").OutputsJson!);
        total.RootElement.GetProperty("sum").GetDouble().ShouldBe(89700);
    }

    [Fact]
    public async Task Run_FailureAndFalseCondition_MarkDownstreamLikeTheEmbeddedExecutor()
    {
        //   ok ──► skipped (condition false) ──► after_skip
        //   bad (fails) ──► blocked (upstream_failed) ──► blocked2
        //   bad ──► cleanup (trigger_rule all_done)
        var pipeline = new PipelineDefinition
        {
            Id = "dist_states",
            Tasks =
            [
                new TaskDefinition { Id = "ok", Action = "noop" },
                new TaskDefinition { Id = "skipped", Action = "noop", Condition = "1 == 2", Dependencies = ["ok"] },
                new TaskDefinition { Id = "after_skip", Action = "noop", Dependencies = ["skipped"] },
                new TaskDefinition { Id = "bad", Action = "shell", Parameters = new Dictionary<string, object?> { ["command"] = "exit 3" } },
                new TaskDefinition { Id = "blocked", Action = "noop", Dependencies = ["bad"] },
                new TaskDefinition { Id = "blocked2", Action = "noop", Dependencies = ["blocked"] },
                new TaskDefinition { Id = "cleanup", Action = "noop", Dependencies = ["bad"], TriggerRule = TriggerRule.AllDone },
            ],
        };
        await using var store = await OpenAsync();
        var options = Options(pipeline);
        var run = await new DistributedRuns(store, options).StartAsync(pipeline, Version(pipeline), new Dictionary<string, object?>());

        await using (var workers = WorkerGroup.Start(store, options, 2))
        {
            var final = await new DistributedRuns(store, options).WaitAsync(run.RunId, Patience);
            final.State.ShouldBe(RunState.Failed);
            final.Error.ShouldNotBeNull().ShouldStartWith("task 'bad' failed:");
        }

        var states = (await store.State.GetTaskInstancesAsync(run.RunId)).ToDictionary(r => r.TaskId, r => r.State);
        states["ok"].ShouldBe(TaskState.Succeeded);
        states["skipped"].ShouldBe(TaskState.Skipped);
        states["after_skip"].ShouldBe(TaskState.Succeeded);
        states["bad"].ShouldBe(TaskState.Failed);
        states["blocked"].ShouldBe(TaskState.UpstreamFailed);
        states["blocked2"].ShouldBe(TaskState.UpstreamFailed);
        states["cleanup"].ShouldBe(TaskState.Succeeded);
    }

    private async Task<SluiceStore> OpenAsync() => await PostgresStore.OpenAsync(await server.CreateDatabaseAsync());

    private static WorkerOptions Options(PipelineDefinition pipeline) => new()
    {
        Definitions = new Dictionary<(string, string), PipelineDefinition> { [(pipeline.Id, "h-" + pipeline.Id)] = pipeline },
        PollInterval = TimeSpan.FromMilliseconds(200),
        ArtifactRoot = Path.Combine(Path.GetTempPath(), "sluice-dist-" + Guid.NewGuid().ToString("N")[..8]),
    };

    private static PipelineVersionRecord Version(PipelineDefinition pipeline) => new(pipeline.Id, "h-" + pipeline.Id, null, null, "{}", null, Records.T0);
}
