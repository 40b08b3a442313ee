using System.Text.Json;
using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary><c>sluice versions</c>: list the stored versions of a pipeline, diff two, roll back to one.</summary>
public sealed class VersionsCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private static string Pipeline(string word) => $$"""
        id: versioned
        tasks:
          - id: say
            action: shell
            parameters: {command: "echo {{word}}"}
        """;

    [Fact]
    public async Task Versions_ListDiffAndRollback()
    {
        var file = _dir.File("versioned.yaml");
        await File.WriteAllTextAsync(file, Pipeline("one"));
        (await SluiceCli.RunAsync(_dir.Path, "run", file, "--quiet")).ExitCode.ShouldBe(0);
        await File.WriteAllTextAsync(file, Pipeline("two"));
        (await SluiceCli.RunAsync(_dir.Path, "run", file, "--quiet")).ExitCode.ShouldBe(0);

        var list = JsonDocument.Parse((await SluiceCli.RunAsync(_dir.Path, "versions", "versioned", "--json")).Stdout).RootElement;
        list.GetArrayLength().ShouldBe(2);
        list[0].GetProperty("number").GetInt32().ShouldBe(2);
        list[0].GetProperty("in_file").GetBoolean().ShouldBeTrue();
        list[1].GetProperty("in_file").GetBoolean().ShouldBeFalse();
        var table = await SluiceCli.RunAsync(_dir.Path, "versions", "versioned");
        table.Stdout.ShouldContain(list[1].GetProperty("hash").GetString()![..12], Case.Sensitive, table.ToString());

        var diff = await SluiceCli.RunAsync(_dir.Path, "versions", "versioned", "--diff", "1", list[0].GetProperty("hash").GetString()![..8]);
        diff.ExitCode.ShouldBe(0, diff.ToString());
        diff.Stdout.ShouldContain("--- versioned version 1 (");
        diff.Stdout.ShouldContain("+++ versioned version 2 (");
        diff.Stdout.ShouldContain("\n-    parameters: {command: \"echo one\"}\n+    parameters: {command: \"echo two\"}\n");

        var missing = await SluiceCli.RunAsync(_dir.Path, "versions", "versioned", "--diff", "1", "7");
        missing.ExitCode.ShouldBe(2);
        missing.Stderr.ShouldContain("pipeline 'versioned' has versions 1 to 2, not 7");

        var rollback = await SluiceCli.RunAsync(_dir.Path, "versions", "versioned", "--rollback", "1");
        rollback.ExitCode.ShouldBe(0, rollback.ToString());
        (await File.ReadAllTextAsync(file)).ShouldBe(Pipeline("one"));
        var after = JsonDocument.Parse((await SluiceCli.RunAsync(_dir.Path, "versions", "versioned", "--json")).Stdout).RootElement;
        after[1].GetProperty("in_file").GetBoolean().ShouldBeTrue();
    }

    public void Dispose() => _dir.Dispose();
}
