using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Server.Alerts;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Alerts;

public sealed class AlertTests
{
    private static readonly AlertDeliveryOptions FastRetries = new() { RetryDelay = TimeSpan.FromMilliseconds(20), MaxRetryDelay = TimeSpan.FromMilliseconds(50) };

    [Fact]
    public async Task RunFailure_PostsSlackCompatibleJson_RetryingUntilTheReceiverAccepts()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = static n => n <= 2 ? 503 : 200;
        await using var server = await ServerHarness.StartAsync(new() { ["failing.yaml"] = Pipelines.Failing },
            o => o with { AlertWebhooks = [receiver.Url.ToString()], AlertDelivery = FastRetries });

        var runId = await server.StartRunAsync("failing");
        await server.WaitForRunAsync(runId);
        var notifier = server.Services.GetRequiredService<AlertNotifier>();
        await ServerHarness.WaitForAsync<bool>(() => Task.FromResult<bool?>(notifier.Sent == 1 ? true : null), 30, "the alert to be accepted");

        receiver.Received.ShouldBe(3);
        receiver.Bodies.Distinct().Count().ShouldBe(1); // every retry sends the same alert
        var body = JsonDocument.Parse(receiver.Bodies[^1]).RootElement;
        body.GetProperty("text").GetString()!.ShouldStartWith($"[Sluice] Run failed: failing (run {runId}): ");
        body.GetProperty("kind").GetString().ShouldBe("run_failed");
        body.GetProperty("pipeline").GetString().ShouldBe("failing");
        body.GetProperty("run_id").GetString().ShouldBe(runId);
        body.GetProperty("task_id").GetString().ShouldBe("boom");
        body.GetProperty("run_path").GetString().ShouldBe("/runs/" + Uri.EscapeDataString(runId));
        body.TryGetProperty("run_url", out _).ShouldBeFalse(); // no --public-url: the server cannot know its own address
        var metrics = await server.Client.GetStringAsync("metrics");
        PrometheusScrape.Value(metrics, "sluice_alerts_sent_total").ShouldBe(1);
        PrometheusScrape.Value(metrics, "sluice_alerts_failed_total").ShouldBe(0);
    }

    [Fact]
    public async Task PublicUrl_GivesAlertsAnAbsoluteLinkToTheirRun()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await ServerHarness.StartAsync(new() { ["failing.yaml"] = Pipelines.Failing },
            o => o with { AlertWebhooks = [receiver.Url.ToString()], AlertDelivery = FastRetries with { PublicUrl = new Uri("https://sluice.example.com/ops") } });

        var runId = await server.StartRunAsync("failing");
        await server.WaitForRunAsync(runId);
        await ServerHarness.WaitForAsync<bool>(() => Task.FromResult<bool?>(receiver.Answered == 1 ? true : null), 30, "the alert");

        var body = JsonDocument.Parse(receiver.Bodies[0]).RootElement;
        var link = "https://sluice.example.com/ops/runs/" + Uri.EscapeDataString(runId);
        body.GetProperty("run_url").GetString().ShouldBe(link);
        body.GetProperty("text").GetString()!.ShouldEndWith(" — " + link);
    }

    /// <summary>
    /// <code>
    /// flaky (fails twice: retries exhausted → alert to a receiver that never answers) ──all_done──► after
    /// </code>
    /// </summary>
    [Fact]
    public async Task RetriesExhausted_ReceiverHangs_RunContinuesAndEndsWhileTheAlertIsStillInFlight()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = static _ => null;
        const string pipeline = """
            id: flaky
            tasks:
              - id: flaky
                action: shell
                parameters: {command: "exit 75"}
                retries: 1
                retry_delay: 10ms
              - id: after
                action: noop
                trigger_rule: all_done
                dependencies: [flaky]
            """;
        await using var server = await ServerHarness.StartAsync(new() { ["flaky.yaml"] = pipeline },
            o => o with { AlertWebhooks = [receiver.Url.ToString()], AlertDelivery = FastRetries with { Timeout = TimeSpan.FromMinutes(10) } });

        var runId = await server.StartRunAsync("flaky");
        await server.WaitForRunAsync(runId);
        var tasks = await server.GetJsonAsync($"api/runs/{runId}/tasks");

        tasks.GetProperty("tasks").EnumerateArray().Single(static t => t.GetProperty("id").GetString() == "after").GetProperty("state").GetString().ShouldBe("succeeded");
        receiver.Received.ShouldBeGreaterThanOrEqualTo(1); // the retries-exhausted alert went out before 'after' ran...
        receiver.Answered.ShouldBe(0); // ...and is still unanswered: the run did not wait for it
        var first = JsonDocument.Parse(receiver.Bodies[0]).RootElement;
        first.GetProperty("kind").GetString().ShouldBe("retries_exhausted");
        first.GetProperty("task_id").GetString().ShouldBe("flaky");
        first.GetProperty("fields").GetProperty("attempts").GetString().ShouldBe("2");
    }

    [Fact]
    public async Task HangingReceiver_DoesNotStallAnother_EachReceiverHasItsOwnQueue()
    {
        await using var hanging = await WebhookReceiver.StartAsync();
        hanging.Respond = static _ => null;
        await using var healthy = await WebhookReceiver.StartAsync();
        await using var server = await ServerHarness.StartAsync(configure: o => o with
        {
            AlertWebhooks = [hanging.Url.ToString(), healthy.Url.ToString()],
            AlertDelivery = FastRetries with { Timeout = TimeSpan.FromMinutes(10) },
        });
        var notifier = server.Services.GetRequiredService<AlertNotifier>();

        for (var i = 1; i <= 5; i++)
        {
            notifier.RaiseQualityGate("orders", $"run-{i}", "check_quality", "warn").ShouldBeTrue();
        }

        await ServerHarness.WaitForAsync<bool>(() => Task.FromResult<bool?>(healthy.Answered == 5 ? true : null), 30, "the healthy receiver to get all five alerts");
        hanging.Received.ShouldBe(1); // still waiting on its first alert
        hanging.Answered.ShouldBe(0);
        notifier.Sent.ShouldBe(5);
        healthy.Bodies.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("run_id").GetString()).ShouldBe(["run-1", "run-2", "run-3", "run-4", "run-5"]);
    }

    [Fact]
    public async Task QualityGate_QueueFullBehindAHangingReceiver_DropsTheOldestAndCountsThem()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = static _ => null;
        await using var server = await ServerHarness.StartAsync(configure: o => o with
        {
            AlertWebhooks = [receiver.Url.ToString()],
            AlertDelivery = FastRetries with { QueueCapacity = 1, Timeout = TimeSpan.FromMinutes(10) },
        });
        var notifier = server.Services.GetRequiredService<AlertNotifier>();

        notifier.RaiseQualityGate("orders", "run-1", "check_quality", "null rate of amount is 12% (warn above 5%)", new Dictionary<string, string> { ["check"] = "null_rate(amount) < 0.05" }).ShouldBeTrue();
        await ServerHarness.WaitForAsync<bool>(() => Task.FromResult<bool?>(receiver.Received == 1 ? true : null), 30, "the first alert to be in flight");
        for (var i = 2; i <= 5; i++)
        {
            notifier.RaiseQualityGate("orders", $"run-{i}", "check_quality", "warn").ShouldBeTrue();
        }

        notifier.Dropped.ShouldBe(3); // one waits in the queue of one; alerts 2, 3 and 4 were pushed out
        PrometheusScrape.Value(await server.Client.GetStringAsync("metrics"), "sluice_alerts_dropped_total").ShouldBe(3);
        var body = JsonDocument.Parse(receiver.Bodies[0]).RootElement;
        body.GetProperty("kind").GetString().ShouldBe("quality_gate");
        body.GetProperty("fields").GetProperty("check").GetString().ShouldBe("null_rate(amount) < 0.05");
    }

    [Fact]
    public async Task FailureAlert_TaskPrintsASecret_AlertNeverContainsIt()
    {
        var secret = "s3cr3t-" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable("SLUICE_SECRET_ALERT_TEST_TOKEN", secret);
        await using var receiver = await WebhookReceiver.StartAsync();
        const string pipeline = """
            id: leaky
            tasks:
              - id: leak
                action: shell
                parameters: {command: "echo token={{ secret('ALERT_TEST_TOKEN') }}; echo token={{ secret('ALERT_TEST_TOKEN') }} >&2; exit 1"}
            """;
        await using var server = await ServerHarness.StartAsync(new() { ["leaky.yaml"] = pipeline }, o => o with { AlertWebhooks = [receiver.Url.ToString()] });

        var runId = await server.StartRunAsync("leaky");
        await server.WaitForRunAsync(runId);
        await ServerHarness.WaitForAsync<bool>(() => Task.FromResult<bool?>(receiver.Received >= 1 ? true : null), 30, "the alert");

        receiver.Bodies.ShouldAllBe(b => !b.Contains(secret, StringComparison.Ordinal));
        JsonDocument.Parse(receiver.Bodies[0]).RootElement.GetProperty("task_id").GetString().ShouldBe("leak");
    }

    [Fact]
    public async Task AlertWebhook_NotAnHttpUrl_IsAConfigurationError()
    {
        var ex = await Should.ThrowAsync<ServerConfigurationException>(() => ServerHarness.StartAsync(configure: o => o with { AlertWebhooks = ["ftp://example.org/hook"] }));
        ex.Message.ShouldContain("the alert webhook 'ftp://example.org/hook' is not an absolute http:// or https:// URL");
    }
}
