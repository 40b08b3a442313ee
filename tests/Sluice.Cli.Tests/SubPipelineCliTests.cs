using System.Text.Json;
using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

public sealed class SubPipelineCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private void Write(string name, string yaml)
    {
        var path = _dir.File(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
    }

    [Fact]
    public async Task RunThenResume_ChildFailsUntilFixed_ResumeFinishesTheSameChildRun()
    {
        Write("flows/child.yaml", """
            id: child
            inputs:
              name: {type: string, required: true}
            tasks:
              - id: check
                action: shell
                parameters: {command: "test -f ready || { echo 'ready file missing' >&2; exit 4; }"}
            result: {greeting: "hello {{ inputs.name }}"}
            """);
        Write("flows/parent.yaml", """
            id: parent
            tasks:
              - id: sub
                action: pipeline
                parameters: {path: child.yaml, inputs: {name: Ada}}
                outputs: [result]
            result: "{{ sub.result.greeting }}"
            """);

        var run = await SluiceCli.RunAsync(_dir.Path, "run", "flows/parent.yaml");

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Stderr.ShouldContain("task 'check' failed: command exited with code 4: ready file missing");
        using var runs = JsonDocument.Parse((await SluiceCli.RunAsync(_dir.Path, "runs", "--json")).Stdout);
        var byPipeline = runs.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("pipeline_id").GetString()!);
        var parentId = byPipeline["parent"].GetProperty("run_id").GetString()!;
        byPipeline["child"].GetProperty("run_id").GetString().ShouldBe(parentId + ".sub");
        byPipeline["child"].GetProperty("trigger").GetString().ShouldBe($"parent:{parentId}/sub");

        File.WriteAllText(_dir.File("ready"), "");
        var resume = await SluiceCli.RunAsync(_dir.Path, "resume", parentId);

        resume.ExitCode.ShouldBe(0, resume.ToString());
        resume.Stdout.Trim().ShouldBe("\"hello Ada\"");
    }

    [Fact]
    public async Task Validate_UnknownChildInput_PrintsFileLineAndColumn()
    {
        Write("child.yaml", """
            id: child
            inputs:
              name: {type: string, default: x}
            tasks:
              - id: a
                action: noop
            """);
        Write("parent.yaml", """
            id: parent
            tasks:
              - id: sub
                action: pipeline
                parameters: {path: child.yaml, inputs: {nmae: Ada}}
            """);

        var validate = await SluiceCli.RunAsync(_dir.Path, "validate", "parent.yaml");

        validate.ExitCode.ShouldBe(2, validate.ToString());
        var output = validate.Stdout + validate.Stderr;
        output.ShouldContain("parent.yaml:5:45: error SLU041: pipeline 'child' (child.yaml) has no input");
        output.ShouldContain("did you mean 'name'?");
    }

    [Fact]
    public async Task Actions_DescribePipelineAndSql()
    {
        var actions = await SluiceCli.RunAsync(_dir.Path, "actions", "--json");

        actions.ExitCode.ShouldBe(0, actions.ToString());
        using var doc = JsonDocument.Parse(actions.Stdout);
        var byName = doc.RootElement.EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!);
        byName["pipeline"].GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ShouldBe(["path", "inputs", "wait", "include_outputs"]);
        byName["sql"].GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ShouldBe(["engine", "database", "connection", "query", "params", "schema", "tables"]);
        byName["sql"].GetProperty("outputs").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ShouldBe(["data", "rows", "rows_affected"]);
    }

    public void Dispose() => _dir.Dispose();
}
