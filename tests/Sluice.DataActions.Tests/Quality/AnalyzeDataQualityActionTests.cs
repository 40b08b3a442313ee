using Sluice.Actions;
using Sluice.DataActions.IO;
using Sluice.DataActions.Quality;
using Sluice.Diagnostics;
using Sluice.Sqlite.Quality;
using Sluice.Tests.Testing;

namespace Sluice.DataActions.Tests.Quality;

public sealed class AnalyzeDataQualityActionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private sealed class NullLog : ITaskLog
    {
        public void Write(string stream, string line)
        {
        }
    }

    private ActionContext Context(string runId, string csv, params (string Key, object? Value)[] extra)
    {
        var path = _dir.File(runId + ".csv");
        File.WriteAllText(path, csv);
        var parameters = new Dictionary<string, object?>
        {
            ["data"] = path,
            ["checks"] = new object?[] { "missing_count(category) = 0", "duplicate_count(id) = 0" },
        };
        foreach (var (k, v) in extra)
        {
            parameters[k] = v;
        }

        return new ActionContext { RunId = runId, TaskId = "quality", Parameters = parameters, Log = new NullLog(), ArtifactDirectory = _dir.File("art-" + runId) };
    }

    [Fact]
    public async Task TwoRuns_StoreScores_TrendShowsChange()
    {
        await using var history = new SqliteQualityHistory(_dir.File(".sluice/sluice.db"));
        var action = new AnalyzeDataQualityAction(new DatasetReader(new TableProviders()), history);
        await action.ExecuteAsync(Context("r1", "id,category\n1,A\n2,\n3,B\n4,\n"), default);
        var second = await action.ExecuteAsync(Context("r2", "id,category\n1,A\n2,B\n3,B\n3,\n"), default);

        var scores = (IReadOnlyDictionary<string, object?>)second.Outputs["quality_scores"]!;
        scores["completeness"].ShouldBe(0.75);
        scores["uniqueness"].ShouldBe(0.75);
        var trend = ((object?[])second.Outputs["trend"]!).Cast<IReadOnlyDictionary<string, object?>>().ToDictionary(t => (string)t["metric"]!);
        trend["completeness"]["previous"].ShouldBe(0.5);
        ((double)trend["completeness"]["change"]!).ShouldBe(0.25, 1e-12);
        ((double)trend["uniqueness"]["change"]!).ShouldBe(-0.25, 1e-12);
        ((double)trend["overall"]["average"]!).ShouldBe(((0.5 + 1) / 2 + 0.75) / 2, 1e-12);
    }

    [Fact]
    public async Task FailingGate_FailsTheTask_WarnGateDoesNot()
    {
        var action = new AnalyzeDataQualityAction(new DatasetReader(new TableProviders()));
        var csv = "id,category\n1,A\n2,\n";
        var warned = await action.ExecuteAsync(Context("w", csv, ("gates", new object?[] { new Dictionary<string, object?> { ["metric"] = "completeness", ["min"] = 0.9, ["on_fail"] = "warn" } })), default);
        ((IReadOnlyDictionary<string, object?>)warned.Outputs["quality_scores"]!)["completeness"].ShouldBe(0.5);

        var ex = await Should.ThrowAsync<SluiceException>(async () => await action.ExecuteAsync(Context("f", csv,
            ("gates", new object?[] { new Dictionary<string, object?> { ["metric"] = "overall", ["min"] = 0.9 } })), default));
        ex.Message.ShouldStartWith("quality gate failed (fail_task): overall = 0.75 is below 0.9");
    }

    [Fact]
    public async Task BadCheck_FailsWithPosition()
    {
        var action = new AnalyzeDataQualityAction(new DatasetReader(new TableProviders()));
        var ex = await Should.ThrowAsync<SluiceException>(async () => await action.ExecuteAsync(Context("b", "id\n1\n", ("checks", new object?[] { "mising_count(id) = 0" })), default));
        ex.Message.ShouldContain("QC001");
    }

    public void Dispose() => _dir.Dispose();
}
