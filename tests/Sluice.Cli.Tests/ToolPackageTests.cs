using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.InteropServices;
using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;
using Xunit.Abstractions;

namespace Sluice.Cli.Tests;

/// <summary>
/// The dotnet tool as a user gets it: packed, installed from a local feed with <c>dotnet tool install</c>, run.
/// Slow (a RID-specific publish and an install), so it is one test.
/// </summary>
public sealed class ToolPackageTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Pack_InstallFromLocalFeed_RunsVersionAndAPipeline()
    {
        // The current platform only: the others are the same build for another runtime identifier.
        var rid = RuntimeInformation.RuntimeIdentifier;
        var feed = Directory.CreateDirectory(_dir.File("feed")).FullName;
        var pack = await DotnetAsync(SluiceCli.RepoRoot, [], "pack", "src/Sluice.Cli", "-c", "Release", "-o", feed, "--nologo", $"-p:ToolPackageRuntimeIdentifiers={rid}");
        pack.ExitCode.ShouldBe(0, pack.ToString());

        var ridPackage = Directory.GetFiles(feed, $"Sluice.Cli.{rid}.*.nupkg").ShouldHaveSingleItem();
        Directory.GetFiles(feed, "Sluice.Cli.*.nupkg").Length.ShouldBe(2, "a pointer package and the platform's package");
        using (var zip = ZipFile.OpenRead(ridPackage))
        {
            // Only this platform's SQLite library (a RID-agnostic tool carried every platform's: 38 MB).
            var natives = zip.Entries.Where(static e => e.Name.Contains("e_sqlite3", StringComparison.Ordinal) && !e.Name.EndsWith(".dll", StringComparison.Ordinal)).ToList();
            natives.ShouldHaveSingleItem().FullName.ShouldContain(rid);
            zip.Entries.ShouldNotContain(static e => e.FullName.Contains("runtimes/", StringComparison.Ordinal));
            zip.Entries.Where(static e => e.Name.Contains("duckdb", StringComparison.Ordinal)).ShouldHaveSingleItem("only this platform's DuckDB library");
            zip.Entries.ShouldContain(static e => e.FullName == "LICENSE");
            zip.Entries.ShouldContain(static e => e.FullName == "THIRD-PARTY-NOTICES.md");
        }
        // 47.7 MB on linux-x64: DuckDB's native library for the platform (engine: duckdb) is about 23 MB of it, compressed,
        // ParquetSharp's about 10 MB, and the ReadyToRun code of the start-up path about 5 MB.
        new FileInfo(ridPackage).Length.ShouldBeLessThan(48L << 20);

        // A config with only the local feed and an empty package cache: nothing stale from an earlier run or nuget.org.
        var config = _dir.File("nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="local" value="{feed}" /></packageSources></configuration>
            """);
        var tools = _dir.File("tools");
        var install = await DotnetAsync(_dir.Path, new() { ["NUGET_PACKAGES"] = _dir.File("packages") },
            "tool", "install", "Sluice.Cli", "--tool-path", tools, "--configfile", config);
        install.ExitCode.ShouldBe(0, install.ToString());

        var sluice = Path.Combine(tools, OperatingSystem.IsWindows() ? "sluice.exe" : "sluice");
        var version = await RunAsync(sluice, _dir.Path, [], "--version");
        version.ExitCode.ShouldBe(0, version.ToString());
        version.Stdout.ShouldStartWith("0.1.0");

        // Start-up time of the installed tool, for the record (not asserted: timing belongs in benchmarks).
        var clock = Stopwatch.StartNew();
        var help = await RunAsync(sluice, _dir.Path, [], "--help");
        output.WriteLine($"sluice --help as a fresh process of the installed tool: {clock.ElapsedMilliseconds} ms");
        help.ExitCode.ShouldBe(0, help.ToString());
        help.Stdout.ShouldContain("init");

        await File.WriteAllTextAsync(_dir.File("p.yaml"), """
            id: tool_check
            tasks:
              - id: greet
                action: shell
                parameters: {command: "echo hello from the tool"}
                outputs: [stdout]
              - id: rows
                action: ingest_from_sources
                parameters: {source: data.csv}
                dependencies: [greet]
            """);
        await File.WriteAllTextAsync(_dir.File("data.csv"), "id,name\n1,a\n2,b\n");
        var run = await RunAsync(sluice, _dir.Path, [], "run", "p.yaml");
        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stderr.ShouldContain("of tool_check: succeeded");
        File.Exists(_dir.File(".sluice/sluice.db")).ShouldBeTrue();
    }

    private static Task<CliResult> DotnetAsync(string workingDirectory, Dictionary<string, string?> environment, params string[] args) =>
        RunAsync("dotnet", workingDirectory, environment, args);

    private static async Task<CliResult> RunAsync(string program, string workingDirectory, Dictionary<string, string?> environment, params string[] args)
    {
        var psi = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["SLUICE_STORE"] = null;
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(25));
        await p.WaitForExitAsync(cts.Token);
        return new CliResult(p.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => _dir.Dispose();
}
