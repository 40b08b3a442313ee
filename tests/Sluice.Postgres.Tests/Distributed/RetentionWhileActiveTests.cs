using Sluice.Definition;
using Sluice.Distributed;
using Sluice.Postgres.Tests.Testing;
using Sluice.Retention;
using Sluice.State;

namespace Sluice.Postgres.Tests.Distributed;

/// <summary>Purging on PostgreSQL while a distributed run is active: both finish, nothing of the active run is touched.</summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class RetentionWhileActiveTests(PostgresFixture server)
{
    [Fact]
    public async Task Purge_ManyOldRunsWhileADistributedRunIsActive_BothCompleteAndOnlyOldRunsGo()
    {
        await using var store = await PostgresStore.OpenAsync(await server.CreateDatabaseAsync());
        var old = DateTimeOffset.UtcNow.AddDays(-60);
        for (var r = 0; r < 300; r++)
        {
            var id = $"old-{r:D4}";
            await store.State.CreateRunAsync(new RunRecord { RunId = id, PipelineId = "p", VersionHash = "h", State = RunState.Succeeded, CreatedAt = old, StartedAt = old, EndedAt = old });
            var batch = new StateBatch();
            for (var t = 0; t < 20; t++)
            {
                batch.Tasks.Add(new TaskInstanceRecord { RunId = id, TaskId = $"t{t}", State = TaskState.Succeeded, Attempt = 1 });
                batch.Logs.Add(new LogRecord(0, id, $"t{t}", -1, 1, old, "stdout", "line"));
            }
            await store.State.CommitAsync(batch);
        }
        //   fan (for_each 3,000 no-ops) ──► done
        var pipeline = new PipelineDefinition
        {
            Id = "active",
            Tasks =
            [
                new TaskDefinition { Id = "fan", Action = "noop", ForEach = "{{ range(3000) }}" },
                new TaskDefinition { Id = "done", Action = "noop", Dependencies = ["fan"] },
            ],
        };
        var options = new WorkerOptions
        {
            Definitions = new Dictionary<(string, string), PipelineDefinition> { [(pipeline.Id, "h-active")] = pipeline },
            PollInterval = TimeSpan.FromMilliseconds(100),
        };
        var runs = new DistributedRuns(store, options);
        var run = await runs.StartAsync(pipeline, new PipelineVersionRecord(pipeline.Id, "h-active", null, null, "{}", null, Records.T0), new Dictionary<string, object?>());

        PurgeCounts counts;
        RunRecord final;
        await using (WorkerGroup.Start(store, options, 2))
        {
            var purge = new RetentionPurger(store.Retention, new RetentionOptions { RunsMaxAge = TimeSpan.FromDays(30), BatchSize = 50 }).PurgeAsync();
            final = await runs.WaitAsync(run.RunId, TimeSpan.FromMinutes(2));
            counts = await purge;
        }

        final.State.ShouldBe(RunState.Succeeded, final.Error);
        counts.Runs.ShouldBe(300);
        counts.TaskInstances.ShouldBe(300 * 20);
        counts.LogLines.ShouldBe(300 * 20);
        (await store.State.ListRunsAsync(new RunQuery(Limit: 1000))).Select(r => r.RunId).ShouldBe([run.RunId]);
        (await store.State.GetTaskInstancesAsync(run.RunId)).Count.ShouldBe(1 + 3000 + 1);
    }
}
