using System.Text.Json;
using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

public sealed class CommandLineTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string Write(string name, string yaml)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public async Task Run_Quickstart_SucceedsPrintsSummary_AndShowsUpInRuns()
    {
        var example = Path.Combine(SluiceCli.RepoRoot, "examples", "quickstart", "pipeline.yaml");
        var run = await SluiceCli.RunAsync(_dir.Path, "run", example);
        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stderr.ShouldContain("of quickstart: succeeded");
        File.Exists(_dir.File(".sluice/sluice.db")).ShouldBeTrue();

        var runs = await SluiceCli.RunAsync(_dir.Path, "runs", "--json");
        runs.ExitCode.ShouldBe(0, runs.ToString());
        using var doc = JsonDocument.Parse(runs.Stdout);
        var first = doc.RootElement[0];
        first.GetProperty("pipeline_id").GetString().ShouldBe("quickstart");
        first.GetProperty("state").GetString().ShouldBe("succeeded");
    }

    [Fact]
    public async Task Run_FailingTask_ExitsOne_ShowAndLogsExplainIt()
    {
        var file = Write("fail.yaml", """
            id: failing
            tasks:
              - id: ok
                action: shell
                parameters: {command: "echo fine"}
              - id: broken
                action: shell
                parameters: {command: "echo about to fail; echo bad things >&2; exit 3"}
                dependencies: [ok]
              - id: after
                action: noop
                dependencies: [broken]
            """);
        var run = await SluiceCli.RunAsync(_dir.Path, "run", file);
        run.ExitCode.ShouldBe(1, run.ToString());
        run.Stderr.ShouldContain("command exited with code 3: bad things");
        var id = JsonDocument.Parse((await SluiceCli.RunAsync(_dir.Path, "runs", "--json")).Stdout).RootElement[0].GetProperty("run_id").GetString()!;

        var show = await SluiceCli.RunAsync(_dir.Path, "show", id, "--json");
        using var report = JsonDocument.Parse(show.Stdout);
        var tasks = report.RootElement.GetProperty("tasks").EnumerateArray().ToDictionary(t => t.GetProperty("id").GetString()!, t => t.GetProperty("state").GetString());
        tasks.ShouldBe(new Dictionary<string, string?> { ["ok"] = "succeeded", ["broken"] = "failed", ["after"] = "upstream_failed" }, ignoreOrder: true);

        var logs = await SluiceCli.RunAsync(_dir.Path, "logs", id, "--task", "broken");
        logs.Stdout.ShouldContain("about to fail");
        logs.Stdout.ShouldContain("bad things");
        logs.Stdout.ShouldNotContain("fine");
    }

    [Fact]
    public async Task Inputs_AreTypedAndChecked()
    {
        var file = Write("in.yaml", """
            id: inputs
            inputs:
              n: {type: integer, required: true}
              tags: {type: list, default: []}
            tasks:
              - id: echo
                action: shell
                parameters: {command: "echo {{ inputs.n * 2 }} {{ inputs.tags | length }}"}
            """);
        (await SluiceCli.RunAsync(_dir.Path, "run", file)).ShouldSatisfyAllConditions(
            r => r.ExitCode.ShouldBe(2),
            r => r.Stderr.ShouldContain("input 'n' is required"));
        (await SluiceCli.RunAsync(_dir.Path, "run", file, "--input", "n=abc")).Stderr.ShouldContain("'abc' is not a valid integer");
        var ok = await SluiceCli.RunAsync(_dir.Path, "run", file, "--input", "n=21", "-i", "tags=a,b,c", "--json");
        ok.ExitCode.ShouldBe(0, ok.ToString());
        ok.Stdout.ShouldContain("\"stdout\":\"42 3\"");
    }

    [Fact]
    public async Task UsageErrors_ExitTwo_WithoutStackTrace()
    {
        foreach (var args in new[] { new[] { "frobnicate" }, ["run"], ["run", "missing-file.yaml"], ["runs", "--state", "sleepy"], ["graph", "x.yaml", "--format", "png"] })
        {
            var r = await SluiceCli.RunAsync(_dir.Path, args);
            r.ExitCode.ShouldBe(2, r.ToString());
            r.Stderr.ShouldNotContain("   at ");
            r.Stderr.ShouldNotContain("Unhandled");
        }
    }

    [Fact]
    public async Task Graph_PrintsMermaidAndDot()
    {
        var file = Write("g.yaml", """
            id: g
            tasks:
              - {id: a, action: noop}
              - {id: b, action: noop, dependencies: [a], for_each: "{{ [1, 2] }}"}
            """);
        var mermaid = await SluiceCli.RunAsync(_dir.Path, "graph", file);
        mermaid.Stdout.ShouldContain("flowchart TD");
        mermaid.Stdout.ShouldContain("a --> b");
        var dot = await SluiceCli.RunAsync(_dir.Path, "graph", file, "--format", "dot");
        dot.Stdout.ShouldContain("\"a\" -> \"b\";");
        dot.Stdout.ShouldContain("peripheries=2");
    }

    [Fact]
    public async Task ActionsAndSchema_DescribeParameters()
    {
        var actions = await SluiceCli.RunAsync(_dir.Path, "actions", "shell", "--json");
        actions.ExitCode.ShouldBe(0);
        using var a = JsonDocument.Parse(actions.Stdout);
        a.RootElement[0].GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ShouldBe(["command", "args", "env", "cwd"]);
        var schema = await SluiceCli.RunAsync(_dir.Path, "schema");
        using var s = JsonDocument.Parse(schema.Stdout);
        s.RootElement.GetProperty("$schema").GetString()!.ShouldContain("2020-12");
    }

    [Fact]
    public async Task Backfill_RunsEveryLogicalDate_AndResumesOnlyWhatFailed()
    {
        // A Berlin 02:00 schedule: logical dates are 01:00Z in winter. The run for March 3 fails until a flag file exists.
        var flag = _dir.File("ok");
        var file = Write("bf.yaml", $$$"""
            id: daily
            triggers: [{type: cron, cron: "0 2 * * *", timezone: Europe/Berlin}]
            tasks:
              - id: a
                action: shell
                parameters: {command: "echo {{ run.logical_date }} >> ran.log; test {{ run.logical_date[8:10] }} != 03 || test -f {{{flag}}}"}
            """);
        var first = await SluiceCli.RunAsync(_dir.Path, "backfill", file, "--from", "2026-03-01", "--to", "2026-03-04T23:00:00Z", "--max-active", "2");
        first.ExitCode.ShouldBe(1, first.ToString());
        first.Stdout.ShouldContain("3 succeeded, 1 failed");
        File.WriteAllText(flag, "");
        var second = await SluiceCli.RunAsync(_dir.Path, "backfill", file, "--from", "2026-03-01", "--to", "2026-03-04T23:00:00Z");
        second.ExitCode.ShouldBe(0, second.ToString());
        second.Stderr.ShouldContain("3 already done, 1 to run");
        var ran = File.ReadAllLines(_dir.File("ran.log")).Select(l => l[..10]).Order().ToList();
        ran.ShouldBe(["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-03", "2026-03-04"]);
        var runs = JsonDocument.Parse((await SluiceCli.RunAsync(_dir.Path, "runs", "--json")).Stdout).RootElement;
        runs.EnumerateArray().Select(r => r.GetProperty("run_id").GetString()).ShouldContain("daily@20260303T010000Z");
    }

    [Fact]
    public async Task Profile_ReportsPerColumnStatistics_AsJson()
    {
        var csv = _dir.File("p.csv");
        File.WriteAllText(csv, "id,name,amount\n1,ann,10.50\n2,bob,\n3,\"c, d\",7.00\n3,eve,100.00\n");
        var r = await SluiceCli.RunAsync(_dir.Path, "profile", csv, "--json");
        r.ExitCode.ShouldBe(0, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        var columns = doc.RootElement.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        columns.Keys.ShouldBe(["id", "name", "amount"]);
        columns["amount"].GetProperty("nulls").GetInt64().ShouldBe(1);
        columns["id"].GetProperty("distinct").GetInt64().ShouldBe(3);
        columns["name"].GetProperty("nulls").GetInt64().ShouldBe(0);
        (await SluiceCli.RunAsync(_dir.Path, "profile", _dir.File("missing.csv"))).ExitCode.ShouldBe(2);
    }

    [Fact]
    public async Task RunDistributed_IsExecutedByAWorkerProcess_OnTheSameStore()
    {
        var file = Write("d.yaml", """
            id: dist
            tasks:
              - {id: a, action: shell, parameters: {command: "echo from-worker"}, outputs: [stdout]}
              - {id: fan, action: noop, for_each: "{{ [1, 2, 3] }}", parameters: {v: "{{ item * 2 }}"}, dependencies: [a]}
            """);
        using var worker = SluiceCli.Start(_dir.Path, "worker", "--store", "d.db");
        var run = await SluiceCli.RunAsync(_dir.Path, "run", file, "--distributed", "--store", "d.db");
        run.ExitCode.ShouldBe(0, run.ToString() + "\n--- worker\n" + worker.Stderr);
        var id = JsonDocument.Parse((await SluiceCli.RunAsync(_dir.Path, "runs", "--store", "d.db", "--json")).Stdout).RootElement[0].GetProperty("run_id").GetString()!;
        using var report = JsonDocument.Parse((await SluiceCli.RunAsync(_dir.Path, "show", id, "--store", "d.db", "--json")).Stdout);
        var tasks = report.RootElement.GetProperty("tasks").EnumerateArray().ToDictionary(t => t.GetProperty("id").GetString()!);
        tasks["a"].GetProperty("outputs").GetProperty("stdout").GetString().ShouldBe("from-worker");
        tasks["fan"].GetProperty("items_succeeded").GetInt32().ShouldBe(3);
    }

    public void Dispose() => _dir.Dispose();
}
