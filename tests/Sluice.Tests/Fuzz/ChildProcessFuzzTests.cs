using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Fuzz;

/// <summary>
/// The heavy generators (alias bombs, deep nesting, huge scalars, expressions that build huge values) run in a real
/// <c>sluice</c> child process whose heap is capped with <c>DOTNET_GCHeapHardLimit</c>: a case that exhausts memory or
/// the stack kills only the child, and shows as an exit code instead of taking the test host down. Each must end with
/// exit 0, or 1/2 and a located error, never an internal error (70) or a crash.
/// </summary>
public sealed partial class ChildProcessFuzzTests : IDisposable
{
    /// <summary>256 MB: ten times what the largest valid case needs.</summary>
    private const string HeapLimit = "0x10000000";

    private readonly TempDirectory _dir = new();
    private int _cases;

    /// <summary>A heavy case: the command (validate or run) and the pipeline text.</summary>
    public sealed record HeavyCase(string Command, string Yaml)
    {
        public override string ToString() => $"sluice {Command} fuzz.yaml ({Yaml.Length} chars):\n{(Yaml.Length > 1500 ? Yaml[..1500] + "..." : Yaml)}";
    }

    [Fact]
    public void HeavyCases_InACappedChildProcess_EndWithALocatedErrorOrSuccess() =>
        FuzzProperty.Check("heavy cases in a child process", Heavy(), FuzzProperty.Cases(16), EndsCleanly, caseTimeout: TimeSpan.FromMinutes(4));

    private static Gen<HeavyCase> Heavy() =>
        Gen.OneOf(
            YamlGen.AliasBomb().Select(static y => new HeavyCase("validate", y)),
            from depth in Gen.Elements(90, 101, 5_000, 50_000)
            from flow in Gen.Elements(true, false)
            select new HeavyCase("validate", Nested(depth, flow)),
            from length in Gen.Elements(1 << 20, 8 << 20)
            from c in Gen.Elements('x', '{', '\'')
            select new HeavyCase("validate", $"id: big\ntasks:\n  - id: a\n    action: noop\n    parameters: {{v: \"{new string(c, length)}\"}}\n"),
            from depth in Gen.Elements(150, 250, 10_000)
            select new HeavyCase("validate", Task($"{new string('(', depth)}1{new string(')', depth)}")),
            from expr in Gen.Elements(
                "[[[0]*1000]*1000]*100", "str([[0]*1000]*1000) | length", "range(1000000) | join(',') | length", "'x' * 100000000",
                "[[[[0]*100]*100]*100]*100", "(range(100000) | list) * 100")
            select new HeavyCase("run", Task(expr)));

    private static string Task(string expression) =>
        $"id: heavy\ntasks:\n  - id: a\n    action: noop\n    parameters: {{v: \"{{{{ {expression} }}}}\"}}\n";

    private static string Nested(int depth, bool flow)
    {
        var sb = new StringBuilder("id: deep\ntasks:\n  - id: a\n    action: noop\n    parameters:\n");
        if (flow)
        {
            return sb.Append("      v: ").Append('[', depth).Append(']', depth).Append('\n').ToString();
        }
        var indent = "      ";
        for (var i = 0; i < Math.Min(depth, 3_000); i++)
        {
            sb.Append(indent).Append("k:\n");
            indent += " ";
        }
        return sb.Append(indent).Append("v: 1\n").ToString();
    }

    private void EndsCleanly(HeavyCase c)
    {
        var dir = Path.Combine(_dir.Path, $"case{Interlocked.Increment(ref _cases)}");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "fuzz.yaml"), c.Yaml);
        var (exit, output) = Sluice(dir, c.Command, "fuzz.yaml");
        if (exit is not (0 or 1 or 2) || output.Contains("internal error", StringComparison.Ordinal))
        {
            throw new FuzzFailure($"exit {exit}: {output}");
        }
        if (exit != 0 && !Located().IsMatch(output))
        {
            throw new FuzzFailure($"exit {exit} without a located error: {output}");
        }
    }

    /// <summary>Runs <c>sluice ARGS</c> with the heap cap; a child still running after 3 minutes is killed and reported as a hang.</summary>
    private static (int ExitCode, string Output) Sluice(string dir, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(SluiceProcess.CliDll ?? throw new InvalidOperationException("Sluice.Cli.dll is not built"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["SLUICE_STORE"] = null;
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["DOTNET_GCHeapHardLimit"] = HeapLimit;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            p.Kill(entireProcessTree: true);
            throw new FuzzFailure("hang: the child process ran for 3 minutes");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    [GeneratedRegex(@"fuzz\.yaml:\d+:\d+")]
    private static partial Regex Located();

    public void Dispose() => _dir.Dispose();
}
