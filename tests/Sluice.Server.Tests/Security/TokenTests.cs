using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Security;

public sealed class TokenTests
{
    internal const string Token = "test-token-0123456789abcdef";

    [Fact]
    public async Task OnLoopback_WithToken_PostNeedsBearer_GetDoesNot()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hello.yaml"] = Pipelines.Hello }, o => o with { Token = Token });

        using (var anonymous = await server.Client.PostAsJsonAsync("api/pipelines/hello/runs", new { inputs = new { } }))
        {
            anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            anonymous.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
            (await anonymous.Content.ReadAsStringAsync()).ShouldNotContain(Token);
        }
        using (var wrong = new HttpRequestMessage(HttpMethod.Post, "api/pipelines/hello/runs"))
        {
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token");
            using var response = await server.Client.SendAsync(wrong);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
        (await server.GetJsonAsync("api/runs")).GetProperty("runs").GetArrayLength().ShouldBe(0);

        using var authorized = new HttpRequestMessage(HttpMethod.Post, "api/pipelines/hello/runs") { Content = JsonContent.Create(new { inputs = new { } }) };
        authorized.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var ok = await server.Client.SendAsync(authorized);
        ok.StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task NonLoopback_WithoutToken_RefusesToStart()
    {
        using var dir = new Sluice.Tests.Testing.TempDirectory();
        var options = new ServerOptions { PipelinesDirectory = dir.Path, StorePath = dir.File("s.db"), Urls = "http://0.0.0.0:0" };

        var ex = await Should.ThrowAsync<ServerConfigurationException>(() => SluiceServer.CreateAsync(options));
        ex.Message.ShouldContain("non-loopback");
        ex.Message.ShouldContain("SLUICE_API_TOKEN");
    }

    [Fact]
    public async Task NonLoopback_WithToken_EveryEndpointNeedsIt()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hello.yaml"] = Pipelines.Hello }, o => o with { Token = Token }, urls: "http://0.0.0.0:0");

        foreach (var path in new[] { "api/runs", "api/pipelines", "metrics", "openapi/v1.json" })
        {
            using var response = await server.Client.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, path);
        }
        using var page = new HttpRequestMessage(HttpMethod.Get, "/");
        page.Headers.Accept.ParseAdd("text/html");
        using (var handlerless = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress })
        using (var redirect = await handlerless.SendAsync(page))
        {
            redirect.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            redirect.Headers.Location!.ToString().ShouldStartWith("/login");
        }
        using var authorized = new HttpRequestMessage(HttpMethod.Get, "api/runs");
        authorized.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var ok = await server.Client.SendAsync(authorized);
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::1]:8080", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://+:8080", false)]
    [InlineData("http://192.168.1.10:8080", false)]
    [InlineData("http://127.0.0.1:8080;http://0.0.0.0:9090", false)]
    public void Validate_RequiresATokenExactlyOffLoopback(string urls, bool loopback)
    {
        using var dir = new Sluice.Tests.Testing.TempDirectory();
        var options = new ServerOptions { PipelinesDirectory = dir.Path, Urls = urls };

        options.Validate().Any(p => p.Contains("non-loopback", StringComparison.Ordinal)).ShouldBe(!loopback);
        (options with { Token = Token }).Validate().ShouldBeEmpty();
    }
}
