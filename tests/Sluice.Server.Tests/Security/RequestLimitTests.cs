using System.Net;
using System.Text;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Security;

public sealed class RequestLimitTests
{
    [Fact]
    public async Task StartRun_WithABodyOverTheDefaultLimit_Is413_AndStartsNothing()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hello.yaml"] = Pipelines.Hello });
        var body = "{\"inputs\": {\"who\": \"" + new string('a', 2 * 1024 * 1024) + "\"}}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await server.Client.PostAsync("api/pipelines/hello/runs", content);

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge, text);
        text.ShouldContain("1048576 bytes");
        (await server.RunsOfAsync("hello")).ShouldBeEmpty();
    }

    [Fact]
    public async Task StartRun_WithAChunkedBodyOverTheConfiguredLimit_Is413()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hello.yaml"] = Pipelines.Hello }, o => o with { MaxRequestBodyBytes = 2000 });
        var body = "{\"inputs\": {\"who\": \"" + new string('a', 5000) + "\"}}";
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/pipelines/hello/runs") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await server.Client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge, text);
        text.ShouldContain("2000 bytes");
        (await server.RunsOfAsync("hello")).ShouldBeEmpty();
    }

    [Fact]
    public async Task StartRun_WithABodyUnderTheLimit_IsAccepted()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hello.yaml"] = Pipelines.Hello }, o => o with { MaxRequestBodyBytes = 2000 });

        (await server.StartRunAsync("hello", new { who = new string('a', 1800) })).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task LoginForm_OverTheLimit_Is413()
    {
        await using var server = await ServerHarness.StartAsync(configure: o => o with { Token = TokenTests.Token, MaxRequestBodyBytes = 2000 });
        using var content = new FormUrlEncodedContent([new("token", new string('a', 5000))]);

        using var response = await server.Client.PostAsync("login", content);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Validate_RefusesALimitBelowOneKilobyte()
    {
        using var dir = new Sluice.Tests.Testing.TempDirectory();
        var options = new ServerOptions { PipelinesDirectory = dir.Path, MaxRequestBodyBytes = 10 };

        options.Validate().ShouldContain("the request body limit must be at least 1024 bytes, was 10");
    }
}
