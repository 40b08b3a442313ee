using System.Collections.Concurrent;
using Sluice.Actions.BuiltIn;
using Sluice.Definition.Yaml;
using Sluice.Distributed;
using Sluice.Postgres.Tests.Testing;
using Sluice.State;
using Sluice.Stores;

namespace Sluice.Postgres.Tests.Distributed;

/// <summary>A server restart in the middle of a distributed run: it has a server of its own.</summary>
[RequiresPostgres]
public sealed class WorkerRestartTests(PostgresFixture server) : IClassFixture<PostgresFixture>
{
    // start ──► work (for_each 400 short 'sleep' processes) ──► done
    private const string Yaml = """
        id: restart_400
        tasks:
          - id: start
            action: noop
          - id: work
            action: shell
            for_each: "{{ range(400) }}"
            parameters: {args: ["sleep", "0.02"]}
            dependencies: [start]
          - id: done
            action: noop
            dependencies: [work]
        """;

    [Fact]
    public async Task Run_ServerRestartsMidRun_WorkersLogReconnectingAndTheRunCompletesWithNothingLost()
    {
        var messages = new ConcurrentQueue<string>();
        var connectionString = await server.CreateDatabaseAsync();
        await using var store = await PostgresStore.OpenAsync(connectionString, new SluiceStoreOptions { Log = messages.Enqueue });
        var loaded = PipelineLoader.Load(Yaml, "restart.yaml", BuiltInActions.CreateRegistry());
        var definition = loaded.Definition.ShouldNotBeNull();
        var version = new PipelineVersionRecord(definition.Id, loaded.ContentHash, null, null, Yaml, "restart.yaml", Records.T0);
        var options = new WorkerOptions { Capacity = 4, PollInterval = TimeSpan.FromMilliseconds(200), Log = messages.Enqueue, ArtifactRoot = Path.Combine(Path.GetTempPath(), "sluice-restart") };
        var runs = new DistributedRuns(store, options);
        var run = await runs.StartAsync(definition, version, new Dictionary<string, object?>());

        RunRecord final;
        await using (WorkerGroup.Start(store, options, 2))
        {
            using (var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
            {
                while ((await store.State.GetTaskInstancesAsync(run.RunId, cts.Token)).Count(r => r.MapIndex >= 0 && r.State == TaskState.Succeeded) < 40)
                {
                    await Task.Delay(20, cts.Token);
                }
            }
            server.Restart();
            final = await runs.WaitAsync(run.RunId, TimeSpan.FromMinutes(3));
        }

        final.State.ShouldBe(RunState.Succeeded, final.Error + "\n" + string.Join("\n", messages));
        var rows = await store.State.GetTaskInstancesAsync(run.RunId);
        rows.Count.ShouldBe(1 + 1 + 400 + 1);
        rows.ShouldAllBe(r => r.State == TaskState.Succeeded);
        var attempts = await store.State.GetAttemptsAsync(run.RunId);
        attempts.Where(a => a.State == TaskState.Succeeded).GroupBy(a => (a.TaskId, a.MapIndex)).ShouldAllBe(g => g.Count() == 1);
        messages.ShouldContain(m => m.StartsWith("PostgreSQL connection lost, reconnecting", StringComparison.Ordinal), string.Join("\n", messages));
    }
}
