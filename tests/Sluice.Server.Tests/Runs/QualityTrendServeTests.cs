using System.Text.Json;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Runs;

/// <summary><c>analyze_data_quality</c> under <c>sluice serve</c> records its scores in the store, so trends build up across runs.</summary>
public sealed class QualityTrendServeTests
{
    private const string Checked = """
        id: checked
        inputs:
          data: {type: string}
        tasks:
          - id: quality
            action: analyze_data_quality
            parameters:
              data: "{{ inputs.data }}"
              checks: ["missing_count(category) = 0"]
            outputs: [trend]
        result: {trend: "{{ quality.trend }}"}
        """;

    [Fact]
    public async Task TwoRuns_SecondRunsTrendHasThePreviousScores()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["checked.yaml"] = Checked });
        var half = Path.Combine(server.Root, "half.csv");
        var full = Path.Combine(server.Root, "full.csv");
        await File.WriteAllTextAsync(half, "id,category\n1,A\n2,\n3,B\n4,\n");
        await File.WriteAllTextAsync(full, "id,category\n1,A\n2,B\n3,B\n4,C\n");

        var first = await server.WaitForRunAsync(await server.StartRunAsync("checked", new { data = half }));
        var second = await server.WaitForRunAsync(await server.StartRunAsync("checked", new { data = full }));

        first.GetProperty("state").GetString().ShouldBe("succeeded");
        second.GetProperty("state").GetString().ShouldBe("succeeded");
        Completeness(first).GetProperty("previous").ValueKind.ShouldBe(JsonValueKind.Null);
        var completeness = Completeness(second);
        completeness.GetProperty("latest").GetDouble().ShouldBe(1.0);
        completeness.GetProperty("previous").GetDouble().ShouldBe(0.5);
        completeness.GetProperty("runs").GetInt32().ShouldBe(2);
    }

    private static JsonElement Completeness(JsonElement run) =>
        run.GetProperty("result").GetProperty("trend").EnumerateArray().Single(t => t.GetProperty("metric").GetString() == "completeness");
}
