using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Actions;
using Sluice.Actions.BuiltIn;
using Sluice.DataActions;
using Sluice.DataActions.IO;
using Sluice.Definition.Yaml;
using Sluice.Distributed;
using Sluice.Server.Alerts;
using Sluice.Server.Tests.Testing;
using Sluice.Sqlite;
using Sluice.State;
using Sluice.Tests.Testing;

namespace Sluice.Server.Tests.Alerts;

/// <summary>
/// A quality gate with <c>on_fail: warn</c> lets its task succeed and raises a <c>quality_gate</c> alert, whichever
/// host executes the task: the server's run host, or a distributed worker whose services carry a notifier.
/// </summary>
public sealed class QualityGateAlertTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>One of three rows misses its amount: completeness is below the warning gate's 0.99, the hard gate passes.</summary>
    private string GatedPipeline(string id)
    {
        var data = _dir.File("orders.csv");
        File.WriteAllText(data, "order_id,amount\n1,10\n2,\n3,5\n");
        return $$"""
            id: {{id}}
            tasks:
              - id: quality
                action: analyze_data_quality
                parameters:
                  data: "{{data}}"
                  checks:
                    - missing_percent(amount) < 1
                    - row_count > 0
                  gates:
                    - {metric: completeness, min: 0.99, on_fail: warn}
                    - {metric: overall, min: 0.0, on_fail: fail_task}
            """;
    }

    [Fact]
    public async Task WarningGate_EmbeddedRunUnderServe_PostsAQualityGateAlertAndTheRunSucceeds()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await ServerHarness.StartAsync(new() { ["gated.yaml"] = GatedPipeline("gated") }, o => o with { AlertWebhooks = [receiver.Url.ToString()] });

        var runId = await server.StartRunAsync("gated");
        var run = await server.WaitForRunAsync(runId);
        await ServerHarness.WaitForAsync<bool>(() => Task.FromResult<bool?>(receiver.Received >= 1 ? true : null), 30, "the quality gate alert");

        run.GetProperty("state").GetString().ShouldBe("succeeded");
        receiver.Received.ShouldBe(1);
        AssertGateAlert(receiver.Bodies[0], runId, expectPipeline: "gated");
    }

    [Fact]
    public async Task WarningGate_RunExecutedByAWorker_ThatWorkersNotifierPostsTheAlert()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var actions = DataActionSet.Register(BuiltInActions.CreateRegistry(), new TableProviders());
        var loaded = PipelineLoader.Load(GatedPipeline("gated_dist"), "gated_dist.yaml", actions);
        loaded.Success.ShouldBeTrue(string.Join("\n", loaded.Diagnostics));
        await using var store = await SqliteStore.OpenAsync(_dir.File("dist.db"));
        using var notifier = new AlertNotifier([receiver.Url.ToString()], new AlertDeliveryOptions(), TimeProvider.System, NullLogger<AlertNotifier>.Instance);
        await notifier.StartAsync(CancellationToken.None);
        await using var services = new ServiceCollection().AddSingleton<IQualityGateObserver>(notifier).BuildServiceProvider();
        var options = new WorkerOptions { Actions = actions, ArtifactRoot = _dir.File("artifacts"), Services = services };
        var runs = new DistributedRuns(store, options);

        var run = await runs.StartAsync(loaded.Definition!, loaded.ToVersion(null, TimeProvider.System.GetUtcNow()), new Dictionary<string, object?>());
        using var stop = new CancellationTokenSource();
        var worker = Task.Run(() => new DistributedWorker(store, options).RunAsync(stop.Token));
        RunRecord final;
        try
        {
            final = await runs.WaitAsync(run.RunId, TimeSpan.FromMinutes(2));
            await ServerHarness.WaitForAsync<bool>(() => Task.FromResult<bool?>(receiver.Received >= 1 ? true : null), 30, "the quality gate alert");
        }
        finally
        {
            await stop.CancelAsync();
            await worker;
            await notifier.StopAsync(CancellationToken.None);
        }

        final.State.ShouldBe(RunState.Succeeded, final.Error);
        receiver.Received.ShouldBe(1);
        // Workers leave ActionContext.PipelineId empty until the shared attempt context lands (issue 11): not asserted here.
        AssertGateAlert(receiver.Bodies[0], run.RunId, expectPipeline: null);
    }

    [Fact]
    public void AlertNotifier_OutsideTheServer_RejectsAWebhookThatIsNotAnHttpUrl()
    {
        var error = Should.Throw<ArgumentException>(() => new AlertNotifier(["ftp://example.org/hook"], new AlertDeliveryOptions(), TimeProvider.System, NullLogger<AlertNotifier>.Instance));
        error.Message.ShouldContain("'ftp://example.org/hook' is not an absolute http:// or https:// URL");
    }

    private static void AssertGateAlert(string json, string runId, string? expectPipeline)
    {
        var body = JsonDocument.Parse(json).RootElement;
        body.GetProperty("kind").GetString().ShouldBe("quality_gate");
        body.GetProperty("run_id").GetString().ShouldBe(runId);
        body.GetProperty("task_id").GetString().ShouldBe("quality");
        if (expectPipeline is not null)
        {
            body.GetProperty("pipeline").GetString().ShouldBe(expectPipeline);
        }
        body.GetProperty("text").GetString()!.ShouldStartWith("[Sluice] Quality gate warning:");
        body.GetProperty("message").GetString()!.ShouldContain("quality gate completeness >= 0.99");
        var fields = body.GetProperty("fields");
        fields.GetProperty("metric").GetString().ShouldBe("completeness");
        fields.GetProperty("min").GetString().ShouldBe("0.99");
        double.Parse(fields.GetProperty("score").GetString()!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeLessThan(0.99);
    }
}
