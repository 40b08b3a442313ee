using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Runs;

/// <summary><c>full_refresh</c> on a run started from the API forgets the incremental marks first, as <c>sluice run --full-refresh</c> does.</summary>
public sealed class FullRefreshApiTests
{
    private const string Pipeline = """
        id: incremental
        inputs:
          source_dir: {type: string, required: true}
        tasks:
          - id: ingest
            action: ingest_from_sources
            parameters: {source: "{{ inputs.source_dir }}", format: csv, incremental: true}
            outputs: [raw_data, ingestion_stats]
        result:
          files_read: "{{ ingest.ingestion_stats.files_read }}"
        """;

    [Fact]
    public async Task FullRefresh_ReadsEveryFileAgain_AndIsAudited_ABadRequestForgetsNothing()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["incremental.yaml"] = Pipeline });
        var source = Path.Combine(server.Root, "orders");
        Directory.CreateDirectory(source);
        await File.WriteAllTextAsync(Path.Combine(source, "a.csv"), "order_id,amount\n1,10\n");
        await File.WriteAllTextAsync(Path.Combine(source, "b.csv"), "order_id,amount\n2,20\n");

        async Task<long> FilesReadAsync(object body)
        {
            using var response = await server.Client.PostAsJsonAsync("api/pipelines/incremental/runs", body);
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
            var runId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("run_id").GetString()!;
            var run = await server.WaitForRunAsync(runId);
            run.GetProperty("state").GetString().ShouldBe("succeeded", run.ToString());
            return run.GetProperty("result").GetProperty("files_read").GetInt64();
        }

        (await FilesReadAsync(new { inputs = new { source_dir = source } })).ShouldBe(2);
        (await FilesReadAsync(new { inputs = new { source_dir = source } })).ShouldBe(0);

        // Inputs that do not bind are refused before anything is forgotten.
        using (var bad = await server.Client.PostAsJsonAsync("api/pipelines/incremental/runs", new { inputs = new { }, full_refresh = true }))
        {
            bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }
        (await FilesReadAsync(new { inputs = new { source_dir = source } })).ShouldBe(0);

        (await FilesReadAsync(new { inputs = new { source_dir = source }, full_refresh = true })).ShouldBe(2);
        var audit = await server.GetJsonAsync("api/audit");
        audit.EnumerateArray().Count(static e => e.GetProperty("action").GetString() == "full_refresh").ShouldBe(1);
    }
}
