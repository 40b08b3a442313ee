using System.Text.Json;
using Sluice.Server.Tests.Testing;
using Sluice.Tests.Quality;

namespace Sluice.Server.Tests.Runs;

/// <summary><c>analyze_data_quality</c> under <c>sluice serve</c> records its scores in the store, so trends build up across runs.</summary>
public sealed class QualityTrendServeTests
{
    [Fact]
    public async Task TwoRuns_SecondRunsTrendHasThePreviousScores()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["checked.yaml"] = QualityTrendPipeline.Yaml });
        var (half, full) = await QualityTrendPipeline.WriteDataAsync(server.Root);

        var first = await server.WaitForRunAsync(await server.StartRunAsync("checked", new { data = half }));
        var second = await server.WaitForRunAsync(await server.StartRunAsync("checked", new { data = full }));

        first.GetProperty("state").GetString().ShouldBe("succeeded");
        second.GetProperty("state").GetString().ShouldBe("succeeded");
        QualityTrendPipeline.Completeness(first.GetProperty("result")).GetProperty("previous").ValueKind.ShouldBe(JsonValueKind.Null);
        QualityTrendPipeline.ShouldBeSecondRun(QualityTrendPipeline.Completeness(second.GetProperty("result")));
    }
}
