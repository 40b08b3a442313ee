using System.CommandLine;
using Sluice.Cli.Output;
using Sluice.Diagnostics;
using Sluice.Testing.Files;
using Sluice.Testing.Reports;
using Sluice.Testing.Running;
using Spectre.Console;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice test [PATH]</c>: runs the pipeline tests (<c>*.test.yaml</c>) in PATH — a folder (searched recursively), a
/// test file, or a pipeline file (its <c>.test.yaml</c> beside it). Each test runs in-process in its own temporary folder
/// and SQLite store. Exit code 0 when every test passes, 1 when one fails, 2 when a test file does not load.
/// </summary>
internal static class TestCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "A folder, a test file (NAME.test.yaml) or a pipeline file. The default is the current folder.", DefaultValueFactory = _ => ".", Arity = ArgumentArity.ZeroOrOne };
        var junit = new Option<string?>("--junit") { Description = "Also write the results as JUnit XML to this file (for CI)." };
        var filter = new Option<string?>("--filter") { Description = "Run only the tests whose name contains this text." };
        var cmd = new Command("test", "Run pipeline tests (NAME.test.yaml next to NAME.yaml): fixtures, mocks, expected outputs and rows.") { path, junit, filter };
        cmd.SetAction(async (parse, cancellationToken) =>
        {
            var files = Find(parse.GetValue(path)!);
            var suites = new List<(TestSuite Suite, IReadOnlyList<TestCaseResult> Results)>();
            var broken = new List<(string File, string Errors)>();
            foreach (var file in files)
            {
                var (suite, diagnostics) = TestFileLoader.Load(file);
                if (suite is null)
                {
                    DiagnosticPrinter.Print(diagnostics);
                    broken.Add((file, string.Join("\n", diagnostics.Where(static d => d.Severity == DiagnosticSeverity.Error))));
                    continue;
                }
                Terminal.Out.MarkupLine($"[bold]{Markup.Escape(Path.GetRelativePath(Directory.GetCurrentDirectory(), file))}[/] [grey](tests {Markup.Escape(Path.GetRelativePath(Directory.GetCurrentDirectory(), suite.PipelinePath))})[/]");
                var results = new List<TestCaseResult>();
                foreach (var testCase in suite.Cases.Where(c => parse.GetValue(filter) is not { } f || c.Name.Contains(f, StringComparison.OrdinalIgnoreCase)))
                {
                    var result = await TestRunner.RunAsync(suite, testCase, cancellationToken).ConfigureAwait(false);
                    results.Add(result);
                    var time = $"{result.Duration.TotalSeconds:0.0} s";
                    Terminal.Out.MarkupLine(result.Passed
                        ? $"  [green]PASS[/] {Markup.Escape(result.Name)} [grey]({time})[/]"
                        : $"  [red]FAIL[/] {Markup.Escape(result.Name)} [grey]({time})[/]");
                    foreach (var failure in result.Failures)
                    {
                        Terminal.Out.WriteLine("       " + failure.Replace("\n", "\n       ", StringComparison.Ordinal));
                    }
                }
                suites.Add((suite, results));
            }

            var passed = suites.Sum(static s => s.Results.Count(static r => r.Passed));
            var failed = suites.Sum(static s => s.Results.Count(static r => !r.Passed));
            if (parse.GetValue(junit) is { } report)
            {
                var full = Path.GetFullPath(report);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                JUnitXml.Build(suites, broken).Save(full);
            }
            var summary = $"{passed} passed, {failed} failed" + (broken.Count > 0 ? $", {broken.Count} test file(s) did not load" : "");
            Terminal.Out.MarkupLine(failed == 0 && broken.Count == 0 ? $"[green]{summary}[/]" : $"[red]{summary}[/]");
            return broken.Count > 0 ? ExitCodes.Invalid : failed > 0 ? ExitCodes.RunFailed : ExitCodes.Success;
        });
        return cmd;
    }

    private static List<string> Find(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            var found = Directory.EnumerateFiles(full, "*" + TestFileLoader.Suffix, SearchOption.AllDirectories)
                // Tool folders (.sluice, .git, node_modules) hold no tests of the project's own.
                .Where(f => !Path.GetRelativePath(full, Path.GetDirectoryName(f)!).Split(Path.DirectorySeparatorChar).Any(static part => part is "node_modules" || (part.StartsWith('.') && part != ".")))
                .Order(StringComparer.Ordinal)
                .ToList();
            return found.Count > 0
                ? found
                : throw new CliException($"no test files (*{TestFileLoader.Suffix}) under {full}. Write one next to the pipeline: pipeline.yaml → pipeline{TestFileLoader.Suffix} (see docs/testing.md)", ExitCodes.Invalid);
        }
        if (!File.Exists(full))
        {
            throw new CliException($"{full} does not exist; give a folder, a test file or a pipeline file", ExitCodes.Invalid);
        }
        if (full.EndsWith(TestFileLoader.Suffix, StringComparison.Ordinal))
        {
            return [full];
        }
        var beside = Path.Combine(Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full) + TestFileLoader.Suffix);
        return File.Exists(beside)
            ? [beside]
            : throw new CliException($"{full} has no tests: {beside} does not exist (see docs/testing.md)", ExitCodes.Invalid);
    }
}
