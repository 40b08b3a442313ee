using System.Text.Json;
using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary>A run's <c>result</c> is stored with it: <c>sluice show</c> and <c>sluice runs --json</c> print it later.</summary>
public sealed class RunResultCliTests : IDisposable
{
    private const string Pipeline = """
        id: counted
        inputs:
          fail: {type: bool, default: false}
        tasks:
          - id: count
            action: shell
            parameters: {command: "{{ 'exit 4' if inputs.fail else 'echo 42' }}"}
            outputs: [stdout]
        result: {rows: "{{ int(count.stdout) }}", tag: "<ok>"}
        """;

    private const string Expected = """{"rows":42,"tag":"<ok>"}""";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Show_SucceededRun_PrintsTheStoredResult_InTextAndJson()
    {
        await File.WriteAllTextAsync(_dir.File("p.yaml"), Pipeline);
        var run = await SluiceCli.RunAsync(_dir.Path, "run", "p.yaml");
        run.ExitCode.ShouldBe(0, run.ToString());
        var id = await LatestRunIdAsync();

        var text = await SluiceCli.RunAsync(_dir.Path, "show", id);
        var json = await SluiceCli.RunAsync(_dir.Path, "show", id, "--json");

        text.ExitCode.ShouldBe(0, text.ToString());
        text.Stdout.ShouldContain("  result " + Expected);
        using var report = JsonDocument.Parse(json.Stdout);
        var result = report.RootElement.GetProperty("result");
        result.ValueKind.ShouldBe(JsonValueKind.Object);
        result.GetRawText().ShouldBe(Expected);
    }

    [Fact]
    public async Task Runs_Json_HasTheResultOfSucceededRuns_AndNullForFailedOnes()
    {
        await File.WriteAllTextAsync(_dir.File("p.yaml"), Pipeline);
        (await SluiceCli.RunAsync(_dir.Path, "run", "p.yaml")).ExitCode.ShouldBe(0);
        (await SluiceCli.RunAsync(_dir.Path, "run", "p.yaml", "--input", "fail=true")).ExitCode.ShouldBe(1);

        var runs = await SluiceCli.RunAsync(_dir.Path, "runs", "--json");

        using var doc = JsonDocument.Parse(runs.Stdout);
        var byState = doc.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("state").GetString()!);
        var result = byState["succeeded"].GetProperty("result");
        result.GetProperty("rows").GetInt64().ShouldBe(42);
        result.GetProperty("tag").GetString().ShouldBe("<ok>");
        byState["failed"].GetProperty("result").ValueKind.ShouldBe(JsonValueKind.Null);
        var failedShow = await SluiceCli.RunAsync(_dir.Path, "show", byState["failed"].GetProperty("run_id").GetString()!);
        failedShow.Stdout.ShouldContain("failed");
        failedShow.Stdout.ShouldNotContain("result");
    }

    [Fact]
    public async Task Show_DistributedRun_PrintsTheResultTheWorkerStored()
    {
        await File.WriteAllTextAsync(_dir.File("p.yaml"), Pipeline);
        using (SluiceCli.Start(_dir.Path, "worker", "--store", "dist.db"))
        {
            var run = await SluiceCli.RunAsync(_dir.Path, "run", "p.yaml", "--distributed", "--store", "dist.db");
            run.ExitCode.ShouldBe(0, run.ToString());
        }
        var id = await LatestRunIdAsync("--store", "dist.db");

        var show = await SluiceCli.RunAsync(_dir.Path, "show", id, "--store", "dist.db");

        show.Stdout.ShouldContain("  result " + Expected, Case.Sensitive, show.ToString());
    }

    private async Task<string> LatestRunIdAsync(params string[] store)
    {
        var runs = await SluiceCli.RunAsync(_dir.Path, ["runs", "--json", .. store]);
        using var doc = JsonDocument.Parse(runs.Stdout);
        return doc.RootElement[0].GetProperty("run_id").GetString()!;
    }
}
