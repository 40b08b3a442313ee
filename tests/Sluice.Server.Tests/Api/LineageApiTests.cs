using System.Net;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Api;

public sealed class LineageApiTests
{
    [Fact]
    public async Task Lineage_OfARun_AndOfADataset_InTheApiAndOnThePage()
    {
        await using var server = await ServerHarness.StartAsync();
        var csv = Path.Combine(server.PipelinesDirectory, "orders.csv");
        await File.WriteAllTextAsync(csv, "id,amount,qty\n1,2.50,2\n2,1.00,3\n");
        server.WritePipeline("lin.yaml", $$"""
            id: lin
            tasks:
              - id: totals
                action: apply_transformations
                parameters:
                  data: {{csv}}
                  transformations:
                    - derive: {total: "amount * qty"}
                    - select: [id, total]
                outputs: [transformed_data]
            """);
        var runId = await ServerHarness.WaitForAsync<bool>(async () => (await server.Client.GetAsync("api/pipelines/lin")).IsSuccessStatusCode ? true : null, 30, "the pipeline to load")
            .ContinueWith(_ => server.StartRunAsync("lin")).Unwrap();
        (await server.WaitForRunAsync(runId)).GetProperty("state").GetString().ShouldBe("succeeded");

        var graph = await server.GetJsonAsync($"api/lineage?run={runId}");
        var datasets = graph.GetProperty("datasets").EnumerateArray().ToList();
        datasets.Select(d => d.GetProperty("id").GetString()).ShouldContain(csv);
        var artifact = datasets.Single(d => d.GetProperty("kind").GetString() == "artifact");
        var origins = artifact.GetProperty("columns").GetProperty("total").EnumerateArray().Select(o => o.GetProperty("column").GetString()).ToList();
        origins.ShouldBe(["amount", "qty"], ignoreOrder: true);
        graph.GetProperty("edges").EnumerateArray().Count().ShouldBe(2);

        var downstream = await server.GetJsonAsync($"api/lineage?dataset={Uri.EscapeDataString(csv)}&direction=downstream");
        downstream.GetProperty("datasets").EnumerateArray().Select(d => d.GetProperty("kind").GetString()).ShouldContain("artifact");

        var page = await server.Client.GetStringAsync($"lineage?run={runId}");
        page.ShouldContain("orders.csv");
        page.ShouldContain("amount * qty");
        (await server.Client.GetStringAsync($"runs/{runId}")).ShouldContain($"/lineage?run={runId}");

        (await server.Client.GetAsync("api/lineage?run=nosuch")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await server.Client.GetAsync("api/lineage")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await server.Client.GetAsync($"api/lineage?dataset=x&direction=sideways")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
