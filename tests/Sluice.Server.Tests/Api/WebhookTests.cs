using System.Net;
using System.Text.Json;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Api;

public sealed class WebhookTests
{
    private const string Hooked = """
        id: hooked
        triggers:
          - {type: cron, cron: "0 2 * * *"}
          - {type: webhook, key: "s3cret-hook-key"}
        tasks:
          - id: t
            action: noop
        """;

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("wrong-key", HttpStatusCode.Forbidden)]
    public async Task Webhook_WithoutTheRightKey_IsRefusedAndRunsNothing(string? key, HttpStatusCode expected)
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hooked.yaml"] = Hooked });
        // A JSON body, as webhook senders post: without one a request lacking the key header is refused before its key is looked at.
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/webhooks/hooked/1") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add("X-Sluice-Key", key);
        }
        using var response = await server.Client.SendAsync(request);

        response.StatusCode.ShouldBe(expected);
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldNotContain("s3cret-hook-key");
        (await server.GetJsonAsync("api/runs")).GetProperty("runs").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Webhook_WithTheKey_StartsARun()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hooked.yaml"] = Hooked });
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/webhooks/hooked/1");
        request.Headers.Add("X-Sluice-Key", "s3cret-hook-key");
        using var response = await server.Client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var runId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("run_id").GetString()!;
        var run = await server.WaitForRunAsync(runId);
        run.GetProperty("trigger").GetString().ShouldBe("webhook");
        run.GetProperty("state").GetString().ShouldBe("succeeded");
    }

    [Fact]
    public async Task Webhook_OnATriggerThatIsNotAWebhook_Is404()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hooked.yaml"] = Hooked });
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/webhooks/hooked/0");
        request.Headers.Add("X-Sluice-Key", "s3cret-hook-key");
        using var response = await server.Client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PipelineList_ShowsTheWebhookWithoutItsKey()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hooked.yaml"] = Hooked });
        using var response = await server.Client.GetAsync("api/pipelines");
        var text = await response.Content.ReadAsStringAsync();

        text.ShouldContain("webhook POST /api/webhooks/hooked/1 (key required)");
        text.ShouldContain("cron 0 2 * * * (UTC)");
        text.ShouldNotContain("s3cret-hook-key");
    }
}
