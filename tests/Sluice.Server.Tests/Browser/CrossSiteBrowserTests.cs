using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Browser;

/// <summary>The server and a real browser: what a page on another site can do, and that the UI's own form still works.</summary>
public sealed class CrossSiteBrowserTests
{
    [ChromiumFact]
    public async Task PageOnAnotherSite_CannotStartCancelOrResumeRuns()
    {
        await using var server = await ServerHarness.StartAsync();
        var flag = Path.Combine(server.Root, "go.flag");
        server.WritePipeline("wait.yaml", Pipelines.WaitsForFile("waiter", flag));
        await Api.RunApiTests.ReloadAsync(server);
        var runId = await server.StartRunAsync("waiter");
        await ServerHarness.WaitForAsync<bool>(async () => server.IsExecuting(runId) ? true : null, 30, "the run to start");
        var target = server.BaseAddress.GetLeftPart(UriPartial.Authority);
        // What a malicious page can send without a CORS preflight: a body-less POST, a text/plain POST, a form.
        var attack = $$"""
            <!doctype html><html><body>
            <form id="f" method="post" action="{{target}}/api/runs/{{runId}}/cancel" target="sink"><input name="x" value="1"></form>
            <iframe name="sink"></iframe>
            <script>
              const opts = { method: "POST", mode: "no-cors", credentials: "include" };
              Promise.allSettled([
                fetch("{{target}}/api/pipelines/waiter/runs", opts),
                fetch("{{target}}/api/runs/{{runId}}/cancel", { ...opts, body: "x", headers: { "Content-Type": "text/plain" } }),
              ]).then(() => { document.getElementById("f").submit(); document.title = "sent"; });
            </script></body></html>
            """;
        await using var site = await AttackerSite.StartAsync(attack);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.Browser.NewPageAsync();

        await page.GotoAsync(site.Url);
        await page.WaitForFunctionAsync("() => document.title === 'sent'", null, new() { Timeout = 30_000 });
        // The form's answer has loaded in the frame: the server has handled all three requests.
        var sink = page.Frame("sink")!;
        await ServerHarness.WaitForAsync<bool>(async () => sink.Url.EndsWith("/cancel", StringComparison.Ordinal) ? true : null, 30, "the form to be answered");
        await sink.WaitForLoadStateAsync();

        server.IsExecuting(runId).ShouldBeTrue();
        (await server.RunsOfAsync("waiter")).Count.ShouldBe(1);
        await File.WriteAllTextAsync(flag, "x");
        (await server.WaitForRunAsync(runId)).GetProperty("state").GetString().ShouldBe("succeeded");
    }

    [ChromiumFact]
    public async Task LoginForm_InABrowser_SignsIn_AndOpensTheRequestedPage()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hello.yaml"] = Pipelines.Hello }, o => o with { Token = Security.TokenTests.Token }, urls: "http://0.0.0.0:0");
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.Browser.NewPageAsync();

        await page.GotoAsync(new Uri(server.BaseAddress, "runs?state=failed").ToString());
        page.Url.ShouldContain("/login?next=");
        await page.FillAsync("input[name=token]", Security.TokenTests.Token);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/runs?state=failed");

        (await page.Locator("h1").InnerTextAsync()).ShouldBe("Runs");
        var cookies = await page.Context.CookiesAsync();
        var session = cookies.Single(c => c.Name == "sluice_session");
        session.HttpOnly.ShouldBeTrue();
        session.SameSite.ShouldBe(SameSiteAttribute.Strict);
        session.Value.ShouldNotContain(Security.TokenTests.Token);
        await page.GotoAsync(new Uri(server.BaseAddress, "pipelines/hello").ToString());
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("hello");
    }

    /// <summary>A page served from another origin (<c>localhost</c> on its own port; the server is reached as 127.0.0.1).</summary>
    private sealed class AttackerSite : IAsyncDisposable
    {
        private WebApplication _app = null!;

        public string Url { get; private set; } = "";

        public static async Task<AttackerSite> StartAsync(string html)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.MapGet("/", () => Results.Content(html, "text/html; charset=utf-8"));
            await app.StartAsync();
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            return new AttackerSite { _app = app, Url = $"http://localhost:{address.Port}/" };
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
