using Sluice.Actions.BuiltIn;
using Sluice.Definition;
using Sluice.Execution;
using Sluice.Postgres.State;
using Sluice.Postgres.Tests.Testing;
using Sluice.State;

namespace Sluice.Postgres.Tests.Execution;

/// <summary>The real executor on the PostgreSQL store: group commit, leases and mapped tasks end to end.</summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class PostgresExecutorTests(PostgresFixture server)
{
    [Fact]
    public async Task Run_MappedPipeline_SucceedsAndLeavesDurableStateWithLeaseReleased()
    {
        //   items ──► fan (for_each 500) ──► done
        var pipeline = new PipelineDefinition
        {
            Id = "pg_e2e",
            Tasks =
            [
                new TaskDefinition { Id = "items", Action = "noop" },
                new TaskDefinition { Id = "fan", Action = "noop", ForEach = "{{ range(500) }}", MaxWorkers = 16L, Dependencies = ["items"] },
                new TaskDefinition { Id = "done", Action = "noop", Dependencies = ["fan"] },
            ],
        };
        await using var store = new PostgresStateStore(new PostgresStoreOptions { ConnectionString = await server.CreateDatabaseAsync() });
        await store.InitializeAsync();
        var version = new PipelineVersionRecord(pipeline.Id, "hash-1", null, null, "{}", null, Records.T0);

        var outcome = await new RunExecutor(store, BuiltInActions.CreateRegistry()).RunAsync(pipeline, version, new Dictionary<string, object?>());

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        var run = (await store.GetRunAsync(outcome.RunId)).ShouldNotBeNull();
        run.State.ShouldBe(RunState.Succeeded);
        run.LeaseOwner.ShouldBeNull();
        var rows = await store.GetTaskInstancesAsync(outcome.RunId);
        rows.Count.ShouldBe(1 + 1 + 500 + 1);
        rows.ShouldAllBe(r => r.State == TaskState.Succeeded);
        rows.Single(r => r.TaskId == "fan" && r.MapIndex == -1).MapCount.ShouldBe(500);
    }
}
