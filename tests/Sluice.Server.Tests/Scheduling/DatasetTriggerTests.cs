using Microsoft.Extensions.DependencyInjection;
using Sluice.Scheduling.Storage;
using Sluice.Server.Scheduling;
using Sluice.Server.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Server.Tests.Scheduling;

/// <summary>
/// <code>
/// producer ──writes──► shared/orders.csv ──dataset trigger──► consumer
///          ──writes──► shared/other.csv    (nobody listens)
/// </code>
/// </summary>
public sealed class DatasetTriggerTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private string Producer => $$$"""
        id: producer
        inputs:
          target: {type: string, default: orders.csv}
        tasks:
          - id: ingest
            action: ingest_from_sources
            parameters: {source: "{{{_data.File("in.csv")}}}"}
            outputs: [raw_data]
          - id: export
            action: export_to_targets
            parameters:
              data: "{{ ingest.raw_data }}"
              targets: [{path: "{{{_data.File("shared")}}}/{{ inputs.target }}", format: csv}]
            dependencies: [ingest]
        """;

    private string Consumer => $$$"""
        id: consumer
        inputs:
          trigger_run_id: {type: string, default: ""}
          trigger_dataset: {type: string, default: ""}
        triggers:
          - {type: dataset, datasets: ["{{{_data.File("shared")}}}/orders.*"]}
        tasks:
          - id: read
            action: noop
        """;

    [Fact]
    public async Task DatasetTrigger_StartsOncePerUpdate_WithTheUpdatingRun_AndAcrossRestarts()
    {
        await File.WriteAllTextAsync(_data.File("in.csv"), "id,amount\n1,10\n2,20\n");
        var orders = _data.File("shared/orders.csv");
        await using var server = await ServerHarness.StartAsync(new() { ["producer.yaml"] = Producer, ["consumer.yaml"] = Consumer });

        var first = await server.StartRunAsync("producer");
        var consumed = await ScheduleClock.WaitForFinishedRunsAsync(server, "consumer", 1);
        var run = await server.GetJsonAsync("api/runs/" + consumed[0].GetProperty("run_id").GetString());
        run.GetProperty("run_id").GetString().ShouldBe(TriggerChain.RunId("consumer", "@dataset-", first, "producer"));
        run.GetProperty("trigger").GetString().ShouldBe("dataset");
        run.GetProperty("inputs").GetProperty("trigger_run_id").GetString().ShouldBe(first);
        run.GetProperty("inputs").GetProperty("trigger_dataset").GetString().ShouldBe(orders);

        // A dataset nobody listens to starts nothing; every finished run (producer, consumer, producer) was looked at.
        await server.WaitForRunAsync(await server.StartRunAsync("producer", new { target = "other.csv" }));
        await WaitHandledAsync(server, 3);
        (await server.RunsOfAsync("consumer")).Count.ShouldBe(1);

        // An update recorded just before the server stopped is owed: the restarted server starts it, once.
        var schedules = server.Services.GetRequiredService<IScheduleStore>();
        var owed = new DatasetFire("consumer", "producer@offline", "producer", [orders], "consumer@dataset-producer@offline");
        (await schedules.RecordDatasetFireAsync(owed, DateTimeOffset.UtcNow)).ShouldBeTrue();
        (await schedules.RecordDatasetFireAsync(owed, DateTimeOffset.UtcNow)).ShouldBeFalse();
        await server.RestartAsync();
        await ScheduleClock.WaitForFinishedRunsAsync(server, "consumer", 2);

        await server.RestartAsync();
        var third = await server.StartRunAsync("producer");
        await ScheduleClock.WaitForFinishedRunsAsync(server, "consumer", 3);
        await WaitHandledAsync(server, 2);

        ScheduleClock.Ids(await server.RunsOfAsync("consumer")).ShouldBe(
            [.. new[] { first, "producer@offline", third }.Select(id => TriggerChain.RunId("consumer", "@dataset-", id, "producer")).Order(StringComparer.Ordinal)]);
        var fires = await server.Services.GetRequiredService<IScheduleStore>().ListDatasetFiresAsync("consumer");
        fires.Select(static f => f.SourceRunId).ShouldBe([first, "producer@offline", third], ignoreOrder: true);
        fires.ShouldAllBe(static f => f.CompletedAt != null);
    }

    [Fact]
    public void Matches_PathsGlobsAndUrls()
    {
        DatasetTriggerHost.Matches("/data/out/orders.csv", "/data/out/orders.csv").ShouldBeTrue();
        DatasetTriggerHost.Matches("/data/out/*.csv", "/data/out/orders.csv").ShouldBeTrue();
        DatasetTriggerHost.Matches("/data/out/*.csv", "/data/out/orders.json").ShouldBeFalse();
        DatasetTriggerHost.Matches("orders.csv", Path.GetFullPath("orders.csv")).ShouldBeTrue();
        DatasetTriggerHost.Matches("s3://bucket/out/orders.csv", "s3://bucket/out/orders.csv").ShouldBeTrue();
        DatasetTriggerHost.Matches("/data/out/orders.csv", "/data/out/orders.csv.bak").ShouldBeFalse();
    }

    private static Task WaitHandledAsync(ServerHarness server, int count) =>
        ServerHarness.WaitForAsync<bool>(() => Task.FromResult<bool?>(server.Services.GetRequiredService<DatasetTriggerHost>().Handled >= count ? true : null), 30, "dataset trigger handling");
}
