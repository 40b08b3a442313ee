using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Security;

/// <summary><c>/login</c> as a browser uses it, driven by hand: the form's token, the redirect after it and the session cookie.</summary>
public sealed partial class LoginTests
{
    private const string Token = TokenTests.Token;

    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("/\n/evil.example")]
    [InlineData("/\r/evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("/\\/evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("evil.example")]
    [InlineData(" /evil.example")]
    [InlineData("/runs\u0001")]
    [InlineData("/runs\u007f")]
    [InlineData("/\u2028/evil.example")]
    public async Task Login_NextOffThisSite_RedirectsHome(string next)
    {
        await using var server = await ServerHarness.StartAsync(configure: o => o with { Token = Token });
        using var client = NoCookiesNoRedirects(server);

        using var response = await SignInAsync(client, Token, next);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.OriginalString.ShouldBe("/");
    }

    [Theory]
    [InlineData("/runs?state=failed")]
    [InlineData("/pipelines/hello")]
    public async Task Login_NextOnThisSite_IsFollowed(string next)
    {
        await using var server = await ServerHarness.StartAsync(configure: o => o with { Token = Token });
        using var client = NoCookiesNoRedirects(server);

        using var response = await SignInAsync(client, Token, next);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe(next);
    }

    [Fact]
    public async Task Login_WithAFormTheReaderRefuses_Is400()
    {
        await using var server = await ServerHarness.StartAsync(configure: o => o with { Token = Token });
        using var client = NoCookiesNoRedirects(server);

        using var response = await SignInAsync(client, Token, "/runs\u0000");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LoginPage_NextOffThisSite_IsNotPutInTheForm()
    {
        await using var server = await ServerHarness.StartAsync(configure: o => o with { Token = Token });

        var html = await server.Client.GetStringAsync("login?next=%2F%09%2Fevil.example");

        html.ShouldContain("name=\"next\" value=\"/\"");
        html.ShouldNotContain("evil.example");
    }

    [Fact]
    public async Task Login_SessionCookie_IsNotTheToken_AndOpensPagesOffLoopback()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hello.yaml"] = Pipelines.Hello }, o => o with { Token = Token }, urls: "http://0.0.0.0:0");
        using var client = NoCookiesNoRedirects(server);

        using var response = await SignInAsync(client, Token, "/");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sluice_session=", StringComparison.Ordinal));
        setCookie.ShouldNotContain(Token);
        setCookie.ShouldNotContain(Uri.EscapeDataString(Token));
        setCookie.ShouldContain("httponly", Case.Insensitive);
        setCookie.ShouldContain("samesite=strict", Case.Insensitive);
        setCookie.ShouldNotContain("secure", Case.Insensitive);
        var session = setCookie.Split(';')[0];
        (await GetWithCookieAsync(client, "api/runs", session)).ShouldBe(HttpStatusCode.OK);
        (await GetWithCookieAsync(client, "api/runs", session[..^2] + "AA")).ShouldBe(HttpStatusCode.Unauthorized);
        (await GetWithCookieAsync(client, "api/runs", "sluice_token=" + Token)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Login_BehindATlsProxy_SetsASecureCookie()
    {
        await using var server = await ServerHarness.StartAsync(configure: o => o with { Token = Token, AllowedHosts = ["sluice.example.com"] });
        using var client = NoCookiesNoRedirects(server);
        var (cookie, field) = await OpenLoginFormAsync(client, "/");
        using var request = new HttpRequestMessage(HttpMethod.Post, "login")
        {
            Content = new FormUrlEncodedContent([new("token", Token), new("next", "/"), new("csrf_token", field)]),
        };
        request.Headers.Add("Cookie", cookie);
        request.Headers.Host = "sluice.example.com";
        request.Headers.Add("Origin", "https://sluice.example.com");

        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sluice_session=", StringComparison.Ordinal)).ShouldContain("secure", Case.Insensitive);
    }

    [Fact]
    public async Task SessionCookie_ExpiresAfterTwelveHours()
    {
        var clock = new FakeTimeProvider();
        await using var server = await ServerHarness.StartAsync(configure: o => o with { Token = Token, Time = clock }, urls: "http://0.0.0.0:0");
        using var client = NoCookiesNoRedirects(server);
        using var response = await SignInAsync(client, Token, "/");
        var session = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sluice_session=", StringComparison.Ordinal)).Split(';')[0];

        clock.Advance(TimeSpan.FromHours(11));
        (await GetWithCookieAsync(client, "api/runs", session)).ShouldBe(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromHours(2));
        (await GetWithCookieAsync(client, "api/runs", session)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SessionCookie_DoesNotAuthorizeAPost()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hello.yaml"] = Pipelines.Hello }, o => o with { Token = Token });
        using var client = NoCookiesNoRedirects(server);
        using var signedIn = await SignInAsync(client, Token, "/");
        var session = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sluice_session=", StringComparison.Ordinal)).Split(';')[0];
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/pipelines/hello/runs") { Content = new StringContent("{}", null, "application/json") };
        request.Headers.Add("Cookie", session);

        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task Login_WithoutAValidFormToken_IsRefused_AndSetsNoSession(bool sendCookie, bool sendField)
    {
        await using var server = await ServerHarness.StartAsync(configure: o => o with { Token = Token });
        using var client = NoCookiesNoRedirects(server);
        var (cookie, field) = await OpenLoginFormAsync(client, "/");
        using var request = new HttpRequestMessage(HttpMethod.Post, "login")
        {
            // Both present but from different forms: the field must belong to the cookie.
            Content = new FormUrlEncodedContent([new("token", Token), new("next", "/"), new("csrf_token", sendField ? (sendCookie ? Flip(field) : field) : "")]),
        };
        if (sendCookie)
        {
            request.Headers.Add("Cookie", cookie);
        }

        using var response = await client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, text);
        text.ShouldContain("form");
        response.Headers.TryGetValues("Set-Cookie", out var cookies);
        (cookies ?? []).ShouldNotContain(c => c.StartsWith("sluice_session=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Login_FromAnotherOrigin_IsRefused()
    {
        await using var server = await ServerHarness.StartAsync(configure: o => o with { Token = Token });
        using var client = NoCookiesNoRedirects(server);
        var (cookie, field) = await OpenLoginFormAsync(client, "/");
        using var request = new HttpRequestMessage(HttpMethod.Post, "login")
        {
            Content = new FormUrlEncodedContent([new("token", Token), new("next", "/"), new("csrf_token", field)]),
        };
        request.Headers.Add("Cookie", cookie);
        request.Headers.Add("Origin", "http://evil.example");

        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    internal static HttpClient NoCookiesNoRedirects(ServerHarness server) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.BaseAddress };

    /// <summary>Opens the form (its cookie and hidden field), then posts it as a browser would.</summary>
    internal static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string token, string next)
    {
        var (cookie, field) = await OpenLoginFormAsync(client, "/");
        var request = new HttpRequestMessage(HttpMethod.Post, "login")
        {
            Content = new FormUrlEncodedContent([new("token", token), new("next", next), new("csrf_token", field)]),
        };
        if (cookie.Length > 0)
        {
            request.Headers.Add("Cookie", cookie);
        }
        request.Headers.Add("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        return await client.SendAsync(request);
    }

    private static async Task<(string Cookie, string Field)> OpenLoginFormAsync(HttpClient client, string next)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "login?next=" + Uri.EscapeDataString(next));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        var cookie = response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Where(static c => c.StartsWith("sluice_csrf=", StringComparison.Ordinal)).Select(static c => c.Split(';')[0]).FirstOrDefault() ?? ""
            : "";
        var field = CsrfField().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : "";
        return (cookie, field);
    }

    private static async Task<HttpStatusCode> GetWithCookieAsync(HttpClient client, string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static string Flip(string value) => (value[0] == 'A' ? "B" : "A") + value[1..];

    [GeneratedRegex("name=\"csrf_token\" value=\"([^\"]*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex CsrfField();
}
