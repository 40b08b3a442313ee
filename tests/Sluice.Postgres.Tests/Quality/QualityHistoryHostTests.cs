using System.Text.Json;
using Sluice.Definition.Yaml;
using Sluice.Distributed;
using Sluice.Hosting;
using Sluice.Postgres.Tests.Distributed;
using Sluice.Postgres.Tests.Testing;
using Sluice.State;
using Sluice.Tests.Quality;

namespace Sluice.Postgres.Tests.Quality;

/// <summary><c>analyze_data_quality</c> run by <c>sluice run</c> and by <c>sluice worker</c> processes records its scores in the PostgreSQL store.</summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class QualityHistoryHostTests(PostgresFixture server) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-quality-").FullName;

    [Fact]
    public async Task TwoRunsOnAWorkerProcess_SecondRunsTrendHasThePreviousScores()
    {
        WorkerProcess.CliDll.ShouldNotBeNull("Sluice.Cli.dll is not built; build the solution (or src/Sluice.Cli) first.");
        var connectionString = await server.CreateDatabaseAsync();
        await using var store = await PostgresStore.OpenAsync(connectionString);
        var actions = SluiceActions.Create();
        var loaded = PipelineLoader.Load(QualityTrendPipeline.Yaml, "checked.yaml", actions);
        var definition = loaded.Definition.ShouldNotBeNull(string.Join("\n", loaded.Diagnostics));
        var version = new PipelineVersionRecord(definition.Id, loaded.ContentHash, null, null, QualityTrendPipeline.Yaml, "checked.yaml", Records.T0);
        var (half, full) = await QualityTrendPipeline.WriteDataAsync(_dir);
        var runs = new DistributedRuns(store, new WorkerOptions { Actions = actions });

        using var worker = WorkerProcess.Start(connectionString, "--artifacts", Path.Combine(_dir, "artifacts"));
        var first = await RunAsync(runs, definition, version, half);
        var second = await RunAsync(runs, definition, version, full);
        (await worker.StopAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue(worker.Output);

        first.State.ShouldBe(RunState.Succeeded, first.Error + "\n" + worker.Output);
        second.State.ShouldBe(RunState.Succeeded, second.Error + "\n" + worker.Output);
        Completeness(first).GetProperty("previous").ValueKind.ShouldBe(JsonValueKind.Null);
        QualityTrendPipeline.ShouldBeSecondRun(Completeness(second));
    }

    [Fact]
    public async Task TwoSluiceRunsOnPostgres_SecondRunsTrendHasThePreviousScores()
    {
        WorkerProcess.CliDll.ShouldNotBeNull("Sluice.Cli.dll is not built; build the solution (or src/Sluice.Cli) first.");
        var db = await server.CreateDatabaseAsync();
        var file = Path.Combine(_dir, "checked.yaml");
        await File.WriteAllTextAsync(file, QualityTrendPipeline.Yaml);
        await QualityTrendPipeline.WriteDataAsync(_dir);

        var (code1, out1) = await SluiceCli.RunAsync(_dir, "run", file, "--input", "data=half.csv", "--store", db, "--quiet");
        var (code2, out2) = await SluiceCli.RunAsync(_dir, "run", file, "--input", "data=full.csv", "--store", db, "--quiet");

        code1.ShouldBe(0, out1);
        code2.ShouldBe(0, out2);
        await using var store = await PostgresStore.OpenAsync(db);
        var completeness = (await store.QualityHistory.GetTrendsAsync("checked", "quality")).Single(t => t.Metric == "completeness");
        (completeness.Latest, completeness.Previous, completeness.Count).ShouldBe((1.0, (double?)0.5, 2));
    }

    private static async Task<RunRecord> RunAsync(DistributedRuns runs, Sluice.Definition.PipelineDefinition definition, PipelineVersionRecord version, string data)
    {
        var run = await runs.StartAsync(definition, version, new Dictionary<string, object?> { ["data"] = data });
        return await runs.WaitAsync(run.RunId, TimeSpan.FromMinutes(2));
    }

    private static JsonElement Completeness(RunRecord run) => QualityTrendPipeline.Completeness(JsonDocument.Parse(run.ResultJson.ShouldNotBeNull()).RootElement);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
