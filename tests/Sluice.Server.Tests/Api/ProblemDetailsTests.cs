using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Api;

public sealed class ProblemDetailsTests
{
    private const string Typed = """
        id: typed
        inputs:
          count: {type: integer, required: true}
          mode: {type: string, enum: [full, dry_run], default: full}
        tasks:
          - id: t
            action: noop
        """;

    [Theory]
    [InlineData("api/runs/nope", "Run")]
    [InlineData("api/runs/nope/tasks", "Run")]
    [InlineData("api/runs/nope/logs", "Run")]
    [InlineData("api/pipelines/nope", "Pipeline")]
    public async Task UnknownId_Is404ProblemDetails(string path, string what)
    {
        await using var server = await ServerHarness.StartAsync();
        using var response = await server.Client.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe(404);
        problem.GetProperty("title").GetString().ShouldBe($"{what} not found");
    }

    [Fact]
    public async Task StartRun_OfUnknownPipeline_Is404()
    {
        await using var server = await ServerHarness.StartAsync();
        using var response = await server.Client.PostAsJsonAsync("api/pipelines/nope/runs", new { inputs = new { } });
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task StartRun_WithWrongInputs_Is400NamingEachField_AndStartsNothing()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["typed.yaml"] = Typed });
        using var response = await server.Client.PostAsJsonAsync("api/pipelines/typed/runs", new { inputs = new { count = "many", mode = "partial" } });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        errors.GetProperty("inputs.count")[0].GetString()!.ShouldContain("'many' is not a valid integer");
        errors.GetProperty("inputs.mode")[0].GetString()!.ShouldContain("must be one of full, dry_run");
        (await server.GetJsonAsync("api/runs")).GetProperty("runs").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task StartRun_MissingRequiredInput_Is400NamingIt()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["typed.yaml"] = Typed });
        using var response = await server.Client.PostAsJsonAsync("api/pipelines/typed/runs", new { inputs = new { } });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        errors.GetProperty("inputs.count")[0].GetString()!.ShouldContain("is required");
    }

    [Theory]
    [InlineData("{\"inputs\": [1, 2]}", "inputs")]
    [InlineData("{\"inputs\": {\"count\": 1}, \"logical_date\": \"yesterday\"}", "logical_date")]
    [InlineData("{\"inptus\": {}}", "inptus")]
    [InlineData("{\"inputs\": {\"count\": 1,}", "inputs")]
    [InlineData("[1]", "body")]
    public async Task StartRun_WithMalformedJson_Is400NamingTheField(string body, string field)
    {
        await using var server = await ServerHarness.StartAsync(new() { ["typed.yaml"] = Typed });
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await server.Client.PostAsync("api/pipelines/typed/runs", content);

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, text);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        errors.TryGetProperty(field, out _).ShouldBeTrue(text);
    }

    [Theory]
    [InlineData("api/runs?state=finished", "state")]
    [InlineData("api/runs?limit=0", "limit")]
    [InlineData("api/runs?limit=abc", "limit")]
    public async Task ListRuns_WithBadFilter_Is400NamingIt(string path, string field)
    {
        await using var server = await ServerHarness.StartAsync();
        using var response = await server.Client.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue();
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheEndpoints()
    {
        await using var server = await ServerHarness.StartAsync();
        var doc = await server.GetJsonAsync("openapi/v1.json");
        var paths = doc.GetProperty("paths");
        foreach (var p in new[] { "/api/pipelines", "/api/pipelines/{id}/runs", "/api/runs", "/api/runs/{id}/tasks", "/api/runs/{id}/cancel", "/api/runs/{id}/logs/stream", "/api/webhooks/{pipeline}/{trigger}" })
        {
            paths.TryGetProperty(p, out _).ShouldBeTrue(p);
        }
    }
}
