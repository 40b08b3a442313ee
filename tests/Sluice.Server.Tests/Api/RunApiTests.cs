using System.Net;
using System.Text;
using System.Text.Json;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Api;

public sealed class RunApiTests
{
    [Fact]
    public async Task StartRun_ThroughApi_SucceedsAndLogsAreReadable()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hello.yaml"] = Pipelines.Hello });

        var runId = await server.StartRunAsync("hello", new { who = "sluice" });
        var run = await server.WaitForRunAsync(runId);

        run.GetProperty("state").GetString().ShouldBe("succeeded");
        run.GetProperty("trigger").GetString().ShouldBe("api");
        run.GetProperty("inputs").GetProperty("who").GetString().ShouldBe("sluice");
        var tasks = await server.GetJsonAsync($"api/runs/{runId}/tasks");
        var shout = tasks.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "shout");
        shout.GetProperty("state").GetString().ShouldBe("succeeded");
        shout.GetProperty("outputs").GetProperty("text").GetString().ShouldBe("HELLO SLUICE");
        var logs = await server.GetJsonAsync($"api/runs/{runId}/logs?task=greet");
        logs.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("text").GetString()).ShouldContain("hello sluice");
    }

    [Fact]
    public async Task LogStream_FollowsNewLinesUntilTheRunEnds()
    {
        await using var server = await ServerHarness.StartAsync();
        var flag = Path.Combine(server.Root, "go.flag");
        server.WritePipeline("wait.yaml", Pipelines.WaitsForFile("waiter", flag));
        await ReloadAsync(server);
        var runId = await server.StartRunAsync("waiter");

        using var response = await server.Client.GetAsync($"api/runs/{runId}/logs/stream", HttpCompletionOption.ResponseHeadersRead);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        // The run is blocked until the file exists: the lines it writes afterwards must still arrive on this stream.
        await File.WriteAllTextAsync(flag, "x");
        var events = new List<string>();
        while (await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is { } line)
        {
            events.Add(line);
            if (line.StartsWith("event: end", StringComparison.Ordinal))
            {
                events.Add((await reader.ReadLineAsync())!);
                break;
            }
        }
        events.ShouldContain(l => l.StartsWith("data: ", StringComparison.Ordinal) && l.Contains("file arrived", StringComparison.Ordinal));
        events.ShouldContain(l => l.StartsWith("data: ", StringComparison.Ordinal) && l.Contains("\"text\":\"done\"", StringComparison.Ordinal));
        events[^1].ShouldContain("succeeded");
    }

    [Fact]
    public async Task Tasks_OfABlockedRun_SayWhatEachPendingTaskWaitsFor()
    {
        await using var server = await ServerHarness.StartAsync();
        var flag = Path.Combine(server.Root, "go.flag");
        server.WritePipeline("wait.yaml", Pipelines.WaitsForFile("waiter", flag));
        await ReloadAsync(server);
        var runId = await server.StartRunAsync("waiter");

        var after = await ServerHarness.WaitForAsync<JsonElement>(async () =>
        {
            var tasks = (await server.GetJsonAsync($"api/runs/{runId}/tasks")).GetProperty("tasks").EnumerateArray().ToList();
            var waiting = tasks.Single(t => t.GetProperty("id").GetString() == "wait_for_file");
            return waiting.GetProperty("state").GetString() == "running" ? tasks.Single(t => t.GetProperty("id").GetString() == "after") : null;
        }, 30, "wait_for_file to run");

        after.GetProperty("state").GetString().ShouldBe("pending");
        after.GetProperty("waiting_for").GetString().ShouldBe("waiting for upstream: wait_for_file");
        await File.WriteAllTextAsync(flag, "x");
        (await server.WaitForRunAsync(runId)).GetProperty("state").GetString().ShouldBe("succeeded");
    }

    [Fact]
    public async Task Cancel_ThenResume_FinishesTheRun()
    {
        await using var server = await ServerHarness.StartAsync();
        var flag = Path.Combine(server.Root, "go.flag");
        server.WritePipeline("wait.yaml", Pipelines.WaitsForFile("waiter", flag));
        await ReloadAsync(server);
        var runId = await server.StartRunAsync("waiter");
        await ServerHarness.WaitForAsync<bool>(async () => server.IsExecuting(runId) ? true : null, 30, "the run to start");

        using (var cancel = await server.PostCommandAsync($"api/runs/{runId}/cancel"))
        {
            cancel.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }
        (await server.WaitForRunAsync(runId)).GetProperty("state").GetString().ShouldBe("cancelled");

        await File.WriteAllTextAsync(flag, "x");
        using (var resume = await server.PostCommandAsync($"api/runs/{runId}/resume"))
        {
            resume.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }
        await ServerHarness.WaitForAsync<bool>(async () => (await server.GetJsonAsync($"api/runs/{runId}")).GetProperty("state").GetString() == "succeeded" ? true : null, 60, "the resumed run");
        using var again = await server.PostCommandAsync($"api/runs/{runId}/resume");
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ListRuns_PagesWithBefore_WithoutOverlap()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hello.yaml"] = Pipelines.Hello });
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await server.StartRunAsync("hello"));
        }
        foreach (var id in ids)
        {
            await server.WaitForRunAsync(id);
        }

        var first = await server.GetJsonAsync("api/runs?limit=3&pipeline=hello");
        var second = await server.GetJsonAsync($"api/runs?limit=3&pipeline=hello&before={first.GetProperty("next_before").GetString()}");

        var page1 = first.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run_id").GetString()).ToList();
        var page2 = second.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run_id").GetString()).ToList();
        page1.Count.ShouldBe(3);
        page2.Count.ShouldBe(2);
        page1.Concat(page2).ShouldBe(ids.OrderByDescending(x => x, StringComparer.Ordinal).ToList());
        second.GetProperty("next_before").ValueKind.ShouldBe(JsonValueKind.Null);
        var succeeded = await server.GetJsonAsync("api/runs?state=succeeded");
        succeeded.GetProperty("runs").GetArrayLength().ShouldBe(5);
    }

    internal static async Task ReloadAsync(ServerHarness server)
    {
        var catalog = (Server.Catalog.PipelineCatalog)server.Services.GetService(typeof(Server.Catalog.PipelineCatalog))!;
        await catalog.LoadAllAsync();
    }
}
