using System.Text.Json;
using Sluice.Server.Tests.Testing;

namespace Sluice.Server.Tests.Catalog;

public sealed class CatalogReloadTests
{
    private const string Broken = """
        id: hello
        tasks:
          - id: greet
            action: shell
            parameters: {command: "echo hi"}
          - id: shout
            action: noop
            dependencies: [gret]
        """;

    [Fact]
    public async Task FileThatBecomesInvalid_KeepsLastGoodVersion_AndShowsTheErrorWithPosition()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hello.yaml"] = Pipelines.Hello });
        var before = await server.GetJsonAsync("api/pipelines/hello");
        before.GetProperty("valid").GetBoolean().ShouldBeTrue();
        var goodHash = before.GetProperty("active_version").GetString();

        // The watcher (not the test) must notice the edit. A read racing the write may first see a
        // half-written file; the debounced change event that follows brings the final content.
        server.WritePipeline("hello.yaml", Broken);
        var after = await ServerHarness.WaitForAsync<JsonElement>(async () =>
        {
            var p = await server.GetJsonAsync("api/pipelines/hello");
            return !p.GetProperty("valid").GetBoolean() && p.GetProperty("diagnostics").ToString().Contains("gret", StringComparison.Ordinal) ? p : null;
        }, 30, "the watcher to reload the broken file");

        after.GetProperty("active_version").GetString().ShouldBe(goodHash);
        var error = after.GetProperty("diagnostics").EnumerateArray().First(d => d.GetProperty("severity").GetString() == "error");
        error.GetProperty("message").GetString()!.ShouldContain("gret");
        error.GetProperty("line").GetInt32().ShouldBe(8);
        error.GetProperty("column").GetInt32().ShouldBeGreaterThan(0);
        error.GetProperty("location").GetString()!.ShouldEndWith($"hello.yaml:8:{error.GetProperty("column").GetInt32()}");
        var list = await server.GetJsonAsync("api/pipelines");
        list[0].GetProperty("valid").GetBoolean().ShouldBeFalse();
        list[0].GetProperty("diagnostics").GetArrayLength().ShouldBeGreaterThan(0);

        // New runs still use the last good version.
        var runId = await server.StartRunAsync("hello");
        var run = await server.WaitForRunAsync(runId);
        run.GetProperty("version").GetString().ShouldBe(goodHash);
        run.GetProperty("state").GetString().ShouldBe("succeeded");

        // The UI shows the same error.
        var page = await server.Client.GetStringAsync("/");
        page.ShouldContain("hello.yaml:8:");
        page.ShouldContain("the last valid version stays active");
    }

    [Fact]
    public async Task FileFixedAgain_BecomesTheActiveVersion()
    {
        await using var server = await ServerHarness.StartAsync(new() { ["hello.yaml"] = Broken });
        var broken = await server.GetJsonAsync("api/pipelines/hello");
        broken.GetProperty("valid").GetBoolean().ShouldBeFalse();
        broken.GetProperty("active_version").ValueKind.ShouldBe(JsonValueKind.Null);

        server.WritePipeline("hello.yaml", Pipelines.Hello);
        var fixedUp = await ServerHarness.WaitForAsync<JsonElement>(async () =>
        {
            var p = await server.GetJsonAsync("api/pipelines/hello");
            return p.GetProperty("valid").GetBoolean() ? p : null;
        }, 30, "the watcher to reload the fixed file");
        fixedUp.GetProperty("versions").GetArrayLength().ShouldBe(1);
        fixedUp.GetProperty("tasks").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task NewFile_IsServedWithoutRestart()
    {
        await using var server = await ServerHarness.StartAsync();
        server.WritePipeline("later.yml", Pipelines.Hello.Replace("id: hello", "id: later", StringComparison.Ordinal));

        await ServerHarness.WaitForAsync<bool>(async () =>
            (await server.GetJsonAsync("api/pipelines")).EnumerateArray().Any(p => p.GetProperty("id").GetString() == "later") ? true : null, 30, "the new file");
    }
}
