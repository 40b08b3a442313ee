using System.Text.Json;
using Sluice.Server.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Server.Tests.Api;

/// <summary>A data pipeline's processing report is part of the run resource, the same object the CLI prints and saves.</summary>
public sealed class RunProcessingApiTests
{
    [Fact]
    public async Task GetRun_OfADataPipeline_HasTheProcessingReport_AndOfAnotherPipelineNull()
    {
        using var dir = new TempDirectory();
        var data = dir.File("orders.csv");
        await File.WriteAllTextAsync(data, "order_id,amount\n1,10\n2,11\n3,12\n4,10\n5,11\n6,12\n7,10\n8,500\n");
        var pipeline = $$"""
            id: orders
            tasks:
              - id: detect
                action: run_anomaly_detection
                parameters: {data: "{{data}}", method: iqr, columns: [amount]}
                outputs: [anomalies, normal_data, stats]
            """;
        await using var server = await ServerHarness.StartAsync(new() { ["orders.yaml"] = pipeline, ["failing.yaml"] = Pipelines.Failing });

        var run = await server.WaitForRunAsync(await server.StartRunAsync("orders"));
        var other = await server.WaitForRunAsync(await server.StartRunAsync("failing"));

        run.GetProperty("state").GetString().ShouldBe("succeeded");
        var processing = run.GetProperty("processing");
        processing.GetProperty("total_records_processed").GetInt64().ShouldBe(8);
        processing.GetProperty("anomalies").GetProperty("count").GetInt64().ShouldBe(1);
        processing.GetProperty("anomalies").GetProperty("percentage").GetDouble().ShouldBe(12.5);
        other.GetProperty("processing").ValueKind.ShouldBe(JsonValueKind.Null);
    }
}
