using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Api;

/// <summary>Stored definition versions through the API and the versions page: list, diff, roll back (recorded).</summary>
public sealed partial class VersionsApiTests
{
    private static string Pipeline(string word) => $$"""
        id: versioned
        tasks:
          - id: say
            action: shell
            parameters: {command: "echo '{{word}}'"}
        """;

    [Fact]
    public async Task Versions_ListedDiffedAndRolledBack_FromTheApiAndThePage()
    {
        await using var server = await ServerHarness.StartAsync();
        server.WritePipeline("versioned.yaml", Pipeline("one"));
        await RunApiTests.ReloadAsync(server);
        server.WritePipeline("versioned.yaml", Pipeline("<b>two</b>"));
        await RunApiTests.ReloadAsync(server);

        var list = await server.GetJsonAsync("api/pipelines/versioned/versions");
        list.GetArrayLength().ShouldBe(2);
        list[0].GetProperty("number").GetInt32().ShouldBe(2);
        list[0].GetProperty("active").GetBoolean().ShouldBeTrue();
        list[1].GetProperty("active").GetBoolean().ShouldBeFalse();

        var diff = await server.Client.GetStringAsync("api/pipelines/versioned/versions/1/diff/2");
        diff.ShouldContain("\n-    parameters: {command: \"echo 'one'\"}\n+    parameters: {command: \"echo '<b>two</b>'\"}\n");
        using (var missing = await server.Client.GetAsync("api/pipelines/versioned/versions/1/diff/9"))
        {
            missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        // The page shows the same diff, escaped.
        var page = await server.Client.GetStringAsync("pipelines/versioned/versions");
        page.ShouldContain("<span class=\"diff-add\">+    parameters: {command: &quot;echo &#39;&lt;b&gt;two&lt;/b&gt;&#39;&quot;}</span>");
        page.ShouldNotContain("<b>two</b>");

        using (var rolled = await server.PostCommandAsync("api/pipelines/versioned/versions/1/rollback"))
        {
            rolled.StatusCode.ShouldBe(HttpStatusCode.Accepted, await rolled.Content.ReadAsStringAsync());
        }
        (await File.ReadAllTextAsync(Path.Combine(server.PipelinesDirectory, "versioned.yaml"))).ShouldBe(Pipeline("one"));
        (await server.GetJsonAsync("api/pipelines/versioned/versions"))[1].GetProperty("active").GetBoolean().ShouldBeTrue();
        var audit = await server.GetJsonAsync("api/audit?pipeline=versioned");
        audit[0].GetProperty("action").GetString().ShouldBe("rollback");
        audit[0].GetProperty("detail").GetString()!.ShouldStartWith("version 1 (");

        // The page's rollback form carries the form token, as every action form does.
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.BaseAddress };
        using var get = new HttpRequestMessage(HttpMethod.Get, "pipelines/versioned/versions");
        get.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var opened = await client.SendAsync(get);
        var html = await opened.Content.ReadAsStringAsync();
        html.ShouldContain("id=\"rollback-2\"");
        var cookie = opened.Headers.GetValues("Set-Cookie").First(static c => c.StartsWith("sluice_csrf=", StringComparison.Ordinal)).Split(';')[0];
        var field = WebUtility.HtmlDecode(CsrfField().Match(html).Groups[1].Value);
        using var post = new HttpRequestMessage(HttpMethod.Post, "pipelines/versioned/versions/2/rollback")
        {
            Content = new FormUrlEncodedContent([new("csrf_token", field)]),
        };
        post.Headers.Add("Cookie", cookie);
        post.Headers.Add("Origin", server.BaseAddress.GetLeftPart(UriPartial.Authority));
        using var posted = await client.SendAsync(post);
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await posted.Content.ReadAsStringAsync());
        (await File.ReadAllTextAsync(Path.Combine(server.PipelinesDirectory, "versioned.yaml"))).ShouldBe(Pipeline("<b>two</b>"));
    }

    [GeneratedRegex("name=\"csrf_token\" value=\"([^\"]*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex CsrfField();
}
