using System.Net.Http.Json;
using System.Text.Json;
using Sluice.Postgres.State;
using Sluice.Postgres.Tests.Distributed;
using Sluice.Postgres.Tests.Scheduling;
using Sluice.Postgres.Tests.Testing;
using Sluice.State;
using static Sluice.Postgres.Tests.Scheduling.LockSessions;

namespace Sluice.Postgres.Tests.State;

/// <summary>
/// Two real <c>sluice serve</c> processes executing runs on one PostgreSQL: a pipeline's <c>max_active_runs</c> and its
/// <c>concurrency</c> key limit hold across both (the store admits each run under one advisory lock).
/// </summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class RunLimitsAcrossServersTests(PostgresFixture server) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sluice-limits-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task TwoServers_ShareMaxActiveRunsAndConcurrencyKeys_ThroughTheStore()
    {
        WorkerProcess.CliDll.ShouldNotBeNull("Sluice.Cli.dll is not built; build the solution (or src/Sluice.Cli) first.");
        var db = await server.CreateDatabaseAsync();
        var pipelines = Directory.CreateDirectory(Path.Combine(_dir, "pipelines")).FullName;
        var flag = Path.Combine(_dir, "go.flag");
        await File.WriteAllTextAsync(Path.Combine(pipelines, "sync.yaml"), $$$"""
            id: sync
            inputs:
              customer: {type: string, required: true}
            max_active_runs: 2
            concurrency: {key: "{{ inputs.customer }}", limit: 1}
            tasks:
              - id: wait
                action: shell
                parameters: {command: "while [ ! -f '{{{flag}}}' ]; do sleep 0.1; done"}
            """);

        using var a = ServeProcess.Start(Path.Combine(_dir, "a"), pipelines, db);
        await a.WaitForOutputAsync("This server leads the scheduler");
        using var b = ServeProcess.Start(Path.Combine(_dir, "b"), pipelines, db);
        await b.WaitForOutputAsync("this one stands by");
        using var httpA = new HttpClient { BaseAddress = a.BaseUri };
        using var httpB = new HttpClient { BaseAddress = b.BaseUri };
        await using var state = new PostgresStateStore(new PostgresStoreOptions { ConnectionString = db });
        await state.InitializeAsync();

        // acme on A runs; acme on B waits for its key; beta on B runs beside it (2 runs of the pipeline);
        // gamma on A waits for max_active_runs.
        var acme = await StartAsync(httpA, "acme");
        await EventuallyAsync(async () => (await state.GetRunAsync(acme))!.State == RunState.Running, "acme's run executes on A");
        var acme2 = await StartAsync(httpB, "acme");
        await EventuallyAsync(async () => await WaitingForAsync(httpB, acme2) == $"waiting: concurrency limit 1 for key 'acme' reached by run {acme}",
            "B holds the second acme run back for the key A's run holds");
        var beta = await StartAsync(httpB, "beta");
        await EventuallyAsync(async () => (await state.GetRunAsync(beta))!.State == RunState.Running, "beta's run executes on B");
        var gamma = await StartAsync(httpA, "gamma");
        await EventuallyAsync(async () => await WaitingForAsync(httpA, gamma) is { } why && why.StartsWith("waiting: max_active_runs 2 reached by run ", StringComparison.Ordinal)
            && why.Contains(acme, StringComparison.Ordinal) && why.Contains(beta, StringComparison.Ordinal),
            "A holds gamma back for the runs of both servers");
        (await state.GetRunAsync(acme2))!.State.ShouldBe(RunState.Queued);
        (await state.GetRunAsync(gamma))!.State.ShouldBe(RunState.Queued);

        await File.WriteAllTextAsync(flag, "go");
        IReadOnlyList<RunRecord> runs = [];
        await EventuallyAsync(async () =>
        {
            runs = await state.ListRunsAsync(new RunQuery("sync", Limit: 100));
            return runs.Count == 4 && runs.All(static r => r.State == RunState.Succeeded);
        }, "every run succeeds");
        var byId = runs.ToDictionary(static r => r.RunId);
        byId[acme2].StartedAt!.Value.ShouldBeGreaterThanOrEqualTo(byId[acme].EndedAt!.Value, "the two acme runs never overlap");
        byId[gamma].StartedAt!.Value.ShouldBeGreaterThanOrEqualTo(new[] { byId[acme].EndedAt!.Value, byId[beta].EndedAt!.Value }.Min(), "gamma starts once a place is free");
    }

    private static async Task<string> StartAsync(HttpClient http, string customer)
    {
        using var response = await http.PostAsJsonAsync("api/pipelines/sync/runs", new { inputs = new { customer } });
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(202, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("run_id").GetString()!;
    }

    private static async Task<string?> WaitingForAsync(HttpClient http, string runId)
    {
        var run = JsonDocument.Parse(await http.GetStringAsync($"api/runs/{runId}")).RootElement;
        return run.TryGetProperty("waiting_for", out var why) && why.ValueKind == JsonValueKind.String ? why.GetString() : null;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
