using Microsoft.Extensions.DependencyInjection;
using Sluice.Server.Scheduling;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Scheduling;

public sealed class FileTriggerTests
{
    private const string Ingest = """
        id: ingest
        inputs:
          file: {type: string, default: ""}
        triggers:
          - {type: file, glob: "incoming/*.csv", settle: 5s}
        tasks:
          - id: read
            action: noop
            parameters: {path: "{{ inputs.file }}"}
        """;

    [Fact]
    public async Task FileTrigger_NewThenChangedFile_FiresOnceEachAfterSettling_AndNotAgainAfterRestart()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        await using var server = await ServerHarness.StartAsync(new() { ["ingest.yaml"] = Ingest }, o => o with { Time = clock, FilePollInterval = TimeSpan.FromSeconds(1) });
        await Host(server).WaitForPollAsync(0);
        var incoming = Directory.CreateDirectory(Path.Combine(server.PipelinesDirectory, "incoming")).FullName;
        var file = Path.Combine(incoming, "orders.csv");

        await File.WriteAllTextAsync(file, "id\n1\n");
        await File.WriteAllTextAsync(Path.Combine(incoming, "notes.txt"), "not matched by the glob");
        await StepAsync(server, clock, 1);
        await File.AppendAllTextAsync(file, "2\n"); // still being written: the settle time starts again
        await StepAsync(server, clock, 5); // unchanged for 4 s of the 5 s settle time
        (await server.RunsOfAsync("ingest")).ShouldBeEmpty();

        await StepAsync(server, clock, 1);
        var first = await ScheduleClock.WaitForFinishedRunsAsync(server, "ingest", 1);
        first[0].GetProperty("trigger").GetString().ShouldBe("file");
        var run = await server.GetJsonAsync("api/runs/" + first[0].GetProperty("run_id").GetString());
        run.GetProperty("inputs").GetProperty("file").GetString().ShouldBe(file);
        run.GetProperty("run_id").GetString()!.ShouldStartWith("ingest@file-");

        await StepAsync(server, clock, 8);
        (await server.RunsOfAsync("ingest")).Count.ShouldBe(1);

        await File.AppendAllTextAsync(file, "3\n");
        await StepAsync(server, clock, 7);
        await ScheduleClock.WaitForFinishedRunsAsync(server, "ingest", 2);

        await server.RestartAsync();
        await Host(server).WaitForPollAsync(0);
        await StepAsync(server, clock, 8);
        (await server.RunsOfAsync("ingest")).Count.ShouldBe(2);
        (await server.Client.GetStringAsync("metrics")).ShouldNotContain("trigger=\"file\""); // counters are per process: nothing fired after the restart
    }

    [Fact]
    public void Watch_SplitsAbsoluteAndRelativeGlobsAtTheFirstWildcard()
    {
        var relative = new FileTriggerWatch("p", 0, new Definition.TriggerDefinition("file", new Dictionary<string, object?> { ["glob"] = "data/in/**/*.csv" }), "/srv/pipelines");
        relative.BaseDirectory.ShouldBe("/srv/pipelines/data/in");
        relative.Pattern.ShouldBe("**/*.csv");
        relative.Settle.ShouldBe(FileTriggerWatch.DefaultSettle);

        var exact = new FileTriggerWatch("p", 1, new Definition.TriggerDefinition("file", new Dictionary<string, object?> { ["path"] = "/data/drop/today.json", ["settle"] = "30s" }), "/srv/pipelines");
        exact.BaseDirectory.ShouldBe("/data/drop");
        exact.Pattern.ShouldBe("today.json");
        exact.Settle.ShouldBe(TimeSpan.FromSeconds(30));
    }

    private static FileTriggerHost Host(ServerHarness server) => server.Services.GetRequiredService<FileTriggerHost>();

    /// <summary>Moves the clock one poll interval at a time, waiting for each poll.</summary>
    private static async Task StepAsync(ServerHarness server, FakeTimeProvider clock, int polls)
    {
        for (var i = 0; i < polls; i++)
        {
            var done = Host(server).Polls;
            clock.Advance(TimeSpan.FromSeconds(1));
            await Host(server).WaitForPollAsync(done).WaitAsync(TimeSpan.FromSeconds(30));
        }
    }
}
