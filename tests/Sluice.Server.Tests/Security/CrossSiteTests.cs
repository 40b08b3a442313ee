using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Security;

/// <summary>
/// What a page on another site (or a DNS-rebound name) can make a browser send to the default server
/// (loopback, no token), forged here with raw requests: none of it may start, cancel or resume a run, or read the API.
/// </summary>
public sealed class CrossSiteTests
{
    [Fact]
    public async Task ForeignHost_IsRefusedWith421_AndTheApiIsNotRead()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hello.yaml"] = Pipelines.Hello });
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/pipelines");
        request.Headers.Host = $"rebound.evil.example:{server.BaseAddress.Port}";

        using var response = await server.Client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.MisdirectedRequest, text);
        text.ShouldContain("rebound.evil.example");
        text.ShouldContain("--allowed-host");
        text.ShouldNotContain("hello");
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LocalHost")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2")]
    [InlineData("[::1]")]
    [InlineData("ui.localhost")]
    public async Task LoopbackHosts_AreServed(string host)
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hello.yaml"] = Pipelines.Hello });
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/pipelines");
        request.Headers.Host = $"{host}:{server.BaseAddress.Port}";

        using var response = await server.Client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("sluice.example.com", "sluice.example.com", HttpStatusCode.OK)]
    [InlineData("sluice.example.com", "SLUICE.example.com", HttpStatusCode.OK)]
    [InlineData("sluice.example.com", "other.example.com", HttpStatusCode.MisdirectedRequest)]
    [InlineData("*.corp.example", "sluice.corp.example", HttpStatusCode.OK)]
    [InlineData("*.corp.example", "corp.example", HttpStatusCode.MisdirectedRequest)]
    [InlineData("*.corp.example", "evilcorp.example", HttpStatusCode.MisdirectedRequest)]
    [InlineData("*", "anything.example", HttpStatusCode.OK)]
    public async Task AllowedHost_IsServed_OthersAreNot(string allowed, string host, HttpStatusCode expected)
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hello.yaml"] = Pipelines.Hello }, o => o with { AllowedHosts = [allowed] });
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/pipelines");
        request.Headers.Host = host;

        using var response = await server.Client.SendAsync(request);

        response.StatusCode.ShouldBe(expected);
    }

    [Fact]
    public async Task WildcardBinding_ServesIpLiterals_ButNotForeignNames()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hello.yaml"] = Pipelines.Hello }, o => o with { Token = TokenTests.Token }, urls: "http://0.0.0.0:0");

        (await StatusForHostAsync(server, "192.0.2.10")).ShouldBe(HttpStatusCode.Unauthorized);
        (await StatusForHostAsync(server, "[2001:db8::1]")).ShouldBe(HttpStatusCode.Unauthorized);
        (await StatusForHostAsync(server, "rebound.evil.example")).ShouldBe(HttpStatusCode.MisdirectedRequest);
    }

    [Fact]
    public async Task StartRun_WithAnEmptyBodyAndNoContentType_IsRefused_AndStartsNothing()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hello.yaml"] = Pipelines.Hello });

        using var response = await server.Client.PostAsync("api/pipelines/hello/runs", null);

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType, text);
        text.ShouldContain("application/json");
        (await server.RunsOfAsync("hello")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("text/plain", "{\"inputs\": {}}", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/x-www-form-urlencoded", "inputs=1", HttpStatusCode.Forbidden)]
    [InlineData("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--b--\r\n", HttpStatusCode.Forbidden)]
    public async Task StartRun_WithAContentTypeABrowserSendsCrossSite_IsRefused(string contentType, string body, HttpStatusCode expected)
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hello.yaml"] = Pipelines.Hello });
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await server.Client.PostAsync("api/pipelines/hello/runs", content);

        response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync());
        (await server.RunsOfAsync("hello")).ShouldBeEmpty();
    }

    [Fact]
    public async Task CancelAndResume_WithATextPlainBody_AreRefused_AndTheRunIsUntouched()
    {
        await using var server = await ServerHarness.StartAsync();
        var flag = Path.Combine(server.Root, "go.flag");
        server.WritePipeline("wait.yaml", Pipelines.WaitsForFile("waiter", flag));
        await ServerHarness.WaitForAsync<bool>(async () => (await server.GetJsonAsync("api/pipelines")).GetArrayLength() == 1 ? true : null, 30, "the pipeline to load");
        var runId = await server.StartRunAsync("waiter");
        await ServerHarness.WaitForAsync<bool>(async () => server.IsExecuting(runId) ? true : null, 30, "the run to start");

        using (var cancel = await server.Client.PostAsync($"api/runs/{runId}/cancel", new StringContent("x", Encoding.UTF8, "text/plain")))
        {
            cancel.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        }
        server.IsExecuting(runId).ShouldBeTrue();
        using (var cancel = await server.PostCommandAsync($"api/runs/{runId}/cancel"))
        {
            cancel.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }
        (await server.WaitForRunAsync(runId)).GetProperty("state").GetString().ShouldBe("cancelled");

        using (var resume = await server.Client.PostAsync($"api/runs/{runId}/resume", new StringContent("x", Encoding.UTF8, "text/plain")))
        {
            resume.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        }
        server.IsExecuting(runId).ShouldBeFalse();
        (await server.GetJsonAsync($"api/runs/{runId}")).GetProperty("state").GetString().ShouldBe("cancelled");
    }

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("http://127.0.0.1:1")]
    [InlineData("http://localhost:{port}")]
    [InlineData("https://127.0.0.1:{port}.evil.example")]
    [InlineData("null")]
    public async Task StartRun_FromAnotherOrigin_Is403_EvenAsJson(string origin)
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hello.yaml"] = Pipelines.Hello });
        using var request = JsonPost("api/pipelines/hello/runs");
        request.Headers.Add("Origin", origin.Replace("{port}", server.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        using var response = await server.Client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, text);
        text.ShouldContain("origin");
        (await server.RunsOfAsync("hello")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("cross-site")]
    [InlineData("same-site")]
    public async Task StartRun_MarkedCrossSiteByTheBrowser_Is403(string fetchSite)
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hello.yaml"] = Pipelines.Hello });
        using var request = JsonPost("api/pipelines/hello/runs");
        request.Headers.Add("Sec-Fetch-Site", fetchSite);

        using var response = await server.Client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, await response.Content.ReadAsStringAsync());
        (await server.RunsOfAsync("hello")).ShouldBeEmpty();
    }

    [Fact]
    public async Task StartRun_FromTheServersOwnOrigin_IsAccepted()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hello.yaml"] = Pipelines.Hello });
        using var request = JsonPost("api/pipelines/hello/runs");
        request.Headers.Add("Origin", server.BaseAddress.GetLeftPart(UriPartial.Authority));
        request.Headers.Add("Sec-Fetch-Site", "same-origin");

        using var response = await server.Client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Preflight_IsNeverGranted()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hello.yaml"] = Pipelines.Hello });
        using var request = new HttpRequestMessage(HttpMethod.Options, "api/pipelines/hello/runs");
        request.Headers.Add("Origin", "http://evil.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");

        using var response = await server.Client.SendAsync(request);

        response.IsSuccessStatusCode.ShouldBeFalse();
        response.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    private static HttpRequestMessage JsonPost(string path) =>
        new(HttpMethod.Post, path) { Content = new StringContent("{\"inputs\": {}}", Encoding.UTF8, "application/json") };

    private static async Task<HttpStatusCode> StatusForHostAsync(ServerHarness server, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/runs");
        request.Headers.Host = host;
        using var response = await server.Client.SendAsync(request);
        return response.StatusCode;
    }
}
