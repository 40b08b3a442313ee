using System.Diagnostics;
using System.Text.Json;
using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary>
/// <c>sluice export airflow|argo</c>: the Airflow DAG is Python that parses and compiles (<c>/usr/bin/python3</c>'s
/// <c>ast</c>) with the pipeline's tasks and edges; the Argo Workflow is YAML that validates against the Argo Workflows
/// schema (tests/interop/argo-workflow.mjs).
/// </summary>
public sealed class ExportCliTests : IDisposable
{
    //   extract ──► clean ──► load
    //        └────► audit (for_each)
    private const string Pipeline = """
        id: nightly_sales
        metadata: {description: "Nightly \"sales\" load"}
        triggers:
          - {type: cron, cron: "0 2 * * *"}
        tasks:
          - id: extract
            action: shell
            parameters: {command: "echo it's $HOME"}
          - id: clean
            action: noop
            dependencies: [extract]
          - id: audit
            action: noop
            dependencies: [extract]
            for_each: "{{ [1, 2, 3] }}"
          - id: load
            action: noop
            dependencies: [clean]
        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write()
    {
        var path = _dir.File("p.yaml");
        File.WriteAllText(path, Pipeline);
        return path;
    }

    [Theory]
    [InlineData("bash", "BashOperator")]
    [InlineData("kubernetes", "KubernetesPodOperator")]
    public async Task Airflow_IsPythonThatParses_WithOneOperatorPerTaskAndTheDagsEdges(string op, string operatorClass)
    {
        var dag = _dir.File("dag.py");
        var export = await SluiceCli.RunAsync(_dir.Path, "export", "airflow", Write(), "-o", dag, "--store", "Host=db;Database=sluice", "--operator", op);
        export.ExitCode.ShouldBe(0, export.ToString());

        // An independent reading of the file: Python's own parser and compiler, then the operators and >> edges it holds.
        var script = """
            import ast, json, sys
            src = open(sys.argv[1]).read()
            tree = ast.parse(src)
            compile(src, sys.argv[1], "exec")
            names, tasks, edges = {}, {}, []
            for node in ast.walk(tree):
                if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                    kw = {k.arg: ast.literal_eval(k.value) for k in node.value.keywords if isinstance(k.value, (ast.Constant, ast.List))}
                    if "task_id" in kw:
                        names[node.targets[0].id] = kw["task_id"]
                        tasks[kw["task_id"]] = {"op": node.value.func.id, **{k: v for k, v in kw.items() if k != "task_id"}}
                if isinstance(node, ast.BinOp) and isinstance(node.op, ast.RShift):
                    edges.append([node.left.id, node.right.id])
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "DAG":
                    dag = {k.arg: ast.literal_eval(k.value) for k in node.keywords if isinstance(k.value, ast.Constant)}
            print(json.dumps({"dag": dag, "tasks": tasks, "edges": sorted([names[a], names[b]] for a, b in edges)}))
            """;
        var result = await Python(script, dag);
        var tasks = result.GetProperty("tasks");
        tasks.EnumerateObject().Select(static p => p.Name).Order().ShouldBe(["audit", "clean", "extract", "load"]);
        result.GetProperty("edges").EnumerateArray().Select(static e => $"{e[0].GetString()}>>{e[1].GetString()}").ShouldBe(["extract>>audit", "extract>>clean", "clean>>load"], ignoreOrder: true);
        result.GetProperty("dag").GetProperty("dag_id").GetString().ShouldBe("nightly_sales");
        result.GetProperty("dag").GetProperty("schedule").GetString().ShouldBe("0 2 * * *");
        result.GetProperty("dag").GetProperty("description").GetString().ShouldBe("Nightly \"sales\" load");
        var clean = tasks.GetProperty("clean");
        clean.GetProperty("op").GetString().ShouldBe(operatorClass);
        clean.GetProperty("skip_on_exit_code").GetInt32().ShouldBe(99);
        clean.GetProperty("trigger_rule").GetString().ShouldBe("all_done");
        var call = op == "bash"
            ? clean.GetProperty("bash_command").GetString()!
            : string.Join(" ", clean.GetProperty("arguments").EnumerateArray().Select(static a => a.GetString()));
        call.ShouldContain("task run");
        call.ShouldContain("{{ run_id }}");
        call.ShouldContain("Host=db;Database=sluice");
        call.ShouldContain(_dir.File("p.yaml"));
        File.ReadAllText(dag).ShouldContain("# for_each: every item of 'audit'");
    }

    [OpenLineageFact]
    public async Task Argo_IsAWorkflowValidAgainstTheArgoSchema_WithTheDagsDependencies()
    {
        var file = _dir.File("workflow.yaml");
        var export = await SluiceCli.RunAsync(_dir.Path, "export", "argo", Write(), "-o", file, "--store", "Host=db;Database=sluice", "--image", "registry.local/sluice:1");
        export.ExitCode.ShouldBe(0, export.ToString());

        // YAML read by PyYAML (not by us), then checked by the Argo schema's validators.
        var json = _dir.File("workflow.json");
        var workflow = await Python("import json, sys, yaml\nprint(json.dumps(yaml.safe_load(open(sys.argv[1]))))", file);
        File.WriteAllText(json, workflow.GetRawText());
        (await ValidateArgoAsync(json)).ShouldBeEmpty();
        var tasks = workflow.GetProperty("spec").GetProperty("templates")[0].GetProperty("dag").GetProperty("tasks").EnumerateArray().ToList();
        tasks.Select(static t => t.GetProperty("name").GetString()).ShouldBe(["extract", "clean", "audit", "load"]);
        tasks[3].GetProperty("depends").GetString().ShouldBe("(clean.Succeeded || clean.Failed)");
        var container = workflow.GetProperty("spec").GetProperty("templates")[1].GetProperty("container");
        container.GetProperty("image").GetString().ShouldBe("registry.local/sluice:1");
        container.GetProperty("args").EnumerateArray().Select(static a => a.GetString()).ShouldContain("{{workflow.name}}");

        // The check can fail: a task with 'dependencies' as text instead of a list is refused.
        File.WriteAllText(json, workflow.GetRawText().Replace("\"depends\":", "\"dependencies\":", StringComparison.Ordinal));
        (await ValidateArgoAsync(json)).ShouldContain(static e => e.Contains("dependencies", StringComparison.Ordinal));
    }

    private static async Task<JsonElement> Python(string script, string file)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(file);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, await stderr);
        return JsonDocument.Parse(await stdout).RootElement.Clone();
    }

    private static async Task<IReadOnlyList<string>> ValidateArgoAsync(string jsonFile)
    {
        var interop = Path.Combine(SluiceCli.RepoRoot, "tests", "interop");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = interop };
        start.ArgumentList.Add(Path.Combine(interop, "argo-workflow.mjs"));
        start.ArgumentList.Add(jsonFile);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, await stderr);
        using var doc = JsonDocument.Parse(await stdout);
        return [.. doc.RootElement.GetProperty("errors").EnumerateArray().Select(static e => e.GetString()!)];
    }
}
