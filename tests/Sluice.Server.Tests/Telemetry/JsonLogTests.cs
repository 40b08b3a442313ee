using System.Text;
using System.Text.Json;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Telemetry;

/// <summary>Tests that swap the process' stderr; they run alone.</summary>
[CollectionDefinition(nameof(StderrTests), DisableParallelization = true)]
public sealed class StderrTests;

[Collection(nameof(StderrTests))]
public sealed class JsonLogTests
{
    [Fact]
    public async Task LogFormatJson_WritesOneJsonObjectPerLineToStderr_WithRunAndTaskIdsAsFields()
    {
        var captured = new StringBuilder();
        var original = Console.Error;
        // The console logger takes stderr when it is created, so the swap must precede the server.
        Console.SetError(TextWriter.Synchronized(new StringWriter(captured)));
        try
        {
            await using var server = await ServerHarness.StartAsync(new() { ["failing.yaml"] = Pipelines.Failing }, static o => o with { LogFormat = ServerLogFormat.Json });
            var runId = await server.StartRunAsync("failing");
            await server.WaitForRunAsync(runId);

            JsonElement[] lines = [];
            await ServerHarness.WaitForAsync<bool>(() =>
            {
                string text;
                lock (captured)
                {
                    text = captured.ToString();
                }
                lines = [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(static l => l.StartsWith('{')).Select(static l => JsonDocument.Parse(l).RootElement.Clone())];
                return Task.FromResult<bool?>(lines.Any(l => State(l, "RunId") == runId && l.GetProperty("EventId").GetInt32() == 102) ? true : null);
            }, 30, "the run's log lines");

            var failedTask = lines.Single(l => State(l, "RunId") == runId && State(l, "TaskId") == "boom" && l.GetProperty("LogLevel").GetString() == "Warning");
            State(failedTask, "State").ShouldBe("failed");
            State(failedTask, "Attempt").ShouldBe("1");
            failedTask.GetProperty("Category").GetString().ShouldBe("Sluice.Server.Telemetry.RunLogObserver");
            failedTask.GetProperty("Timestamp").GetString()!.ShouldEndWith("Z");
            var runEnd = lines.Single(l => State(l, "RunId") == runId && l.GetProperty("EventId").GetInt32() == 102);
            State(runEnd, "Pipeline").ShouldBe("failing");
            State(runEnd, "State").ShouldBe("failed");
        }
        finally
        {
            Console.SetError(original);
        }
    }

    private static string? State(JsonElement line, string field) =>
        line.TryGetProperty("State", out var state) && state.TryGetProperty(field, out var v) ? v.ToString() : null;
}
