using Microsoft.Data.Sqlite;
using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary><c>sluice db archive</c> and <c>sluice db vacuum</c> through the real command on a SQLite store.</summary>
public sealed class DbMaintenanceCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Archive_WritesTheRunsToJsonLines_ThenTheyAreGoneFromTheStore()
    {
        File.WriteAllText(_dir.File("hello.yaml"), """
            id: hello
            tasks:
              - id: greet
                action: shell
                parameters: {command: "echo hello from the archive"}
            """);
        (await SluiceCli.RunAsync(_dir.Path, "run", "hello.yaml", "--store", "s.db")).ExitCode.ShouldBe(0);
        (await SluiceCli.RunAsync(_dir.Path, "run", "hello.yaml", "--store", "s.db")).ExitCode.ShouldBe(0);
        // The runs must have ended more than the 1 s cutoff ago.
        await Task.Delay(1500);

        var archive = await SluiceCli.RunAsync(_dir.Path, "db", "archive", "--older-than", "1s", "--to", "arch", "--store", "s.db");
        var runs = await SluiceCli.RunAsync(_dir.Path, "runs", "--store", "s.db", "--json");

        archive.ExitCode.ShouldBe(0, archive.ToString());
        archive.Stdout.ShouldContain("archived 2 run(s) to " + _dir.File("arch"));
        var folder = Directory.GetDirectories(_dir.File("arch")).ShouldHaveSingleItem();
        File.ReadAllLines(Path.Combine(folder, "runs.jsonl")).Length.ShouldBe(2);
        File.ReadAllLines(Path.Combine(folder, "tasks.jsonl")).Length.ShouldBe(2);
        File.ReadAllText(Path.Combine(folder, "logs.jsonl")).ShouldContain("hello from the archive");
        runs.Stdout.Trim().ShouldBe("[]");
    }

    [Fact]
    public async Task Vacuum_SwitchesAStoreWithoutAutoVacuumToIncremental()
    {
        var path = _dir.File("old.db");
        using (var conn = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "CREATE TABLE older (a)";
            cmd.ExecuteNonQuery();
        }

        var result = await SluiceCli.RunAsync(_dir.Path, "db", "vacuum", "--store", "old.db");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("vacuumed SQLite");
        using var check = new SqliteConnection($"Data Source={path};Pooling=False");
        check.Open();
        using var pragma = check.CreateCommand();
        pragma.CommandText = "PRAGMA auto_vacuum";
        ((long)pragma.ExecuteScalar()!).ShouldBe(2);
    }

    public void Dispose() => _dir.Dispose();
}
