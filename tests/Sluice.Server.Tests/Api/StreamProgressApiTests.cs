using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Api;

/// <summary><c>GET /api/runs/{id}/streams</c>: a streaming task's progress as of its last checkpoint, read from the store.</summary>
public sealed class StreamProgressApiTests
{
    [Fact]
    public async Task Streams_OfAFinishedStreamRun_ShowItsCountersAndFinalCheckpoint()
    {
        await using var server = await ServerHarness.StartAsync();
        var events = Path.Combine(server.Root, "events.ndjson");
        await File.WriteAllLinesAsync(events, Enumerable.Range(0, 50).Select(static i => $"{{\"id\":{i % 40},\"ts\":{i * 100}}}"));
        server.WritePipeline("stream.yaml", $$"""
            id: streamer
            tasks:
              - id: unique
                action: stream
                parameters:
                  source: {path: {{events}}}
                  columns: {id: int, ts: int}
                  event_time: {column: ts}
                  steps:
                    - dedupe: {key: id, ttl: 1h}
                  sink: {path: {{Path.Combine(server.Root, "unique.csv")}}}
                outputs: [stats]
            """);
        await RunApiTests.ReloadAsync(server);
        var runId = await server.StartRunAsync("streamer");
        (await server.WaitForRunAsync(runId)).GetProperty("state").GetString().ShouldBe("succeeded");

        var streams = (await server.GetJsonAsync($"api/runs/{runId}/streams")).GetProperty("streams").EnumerateArray().ToList();

        streams.Count.ShouldBe(1);
        var s = streams[0];
        s.GetProperty("task_id").GetString().ShouldBe("unique");
        s.GetProperty("events_in").GetInt64().ShouldBe(50);
        s.GetProperty("events_out").GetInt64().ShouldBe(40);
        s.GetProperty("finished").GetBoolean().ShouldBeTrue();
        s.GetProperty("checkpoint_bytes").GetInt64().ShouldBeGreaterThan(0);
    }
}
