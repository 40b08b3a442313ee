using System.Text.RegularExpressions;
using Sluice.Cli.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary>
/// Every file of the malformed-pipeline corpus (tests/Sluice.Tests/Definition/Malformed) through the real
/// command: exit code 2, at least one error naming file:line:col, never a stack trace. The exact code per
/// file is checked by the loader tests; here the point is the user's experience of the command.
/// </summary>
public sealed partial class MalformedPipelineTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(SluiceCli.RepoRoot, "tests", "Sluice.Tests", "Definition", "Malformed"), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(f));
        }
        return data;
    }

    [Fact]
    public void Corpus_HasAtLeastThirtyFiles() => Files().Count.ShouldBeGreaterThanOrEqualTo(30);

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Validate_MalformedFile_ExitsTwoWithLocatedErrorAndNoStackTrace(string name)
    {
        var dir = Path.Combine(SluiceCli.RepoRoot, "tests", "Sluice.Tests", "Definition", "Malformed");
        foreach (var command in new[] { "validate", "run" })
        {
            var r = command == "run"
                ? await SluiceCli.RunAsync(dir, command, name, "--store", Path.Combine(Path.GetTempPath(), "sluice-malformed-never-created", "x.db"))
                : await SluiceCli.RunAsync(dir, command, name);
            r.ExitCode.ShouldBe(2, r.ToString());
            LocatedError().IsMatch(r.Stderr).ShouldBeTrue(r.ToString());
            r.Stderr.ShouldNotContain("   at ");
            r.Stderr.ShouldNotContain("Exception");
        }
        Directory.Exists(Path.Combine(Path.GetTempPath(), "sluice-malformed-never-created")).ShouldBeFalse("nothing is stored for an invalid file");
    }

    [GeneratedRegex(@"\.yaml(:\d+:\d+)?: error SLU\d{3}")]
    private static partial Regex LocatedError();
}
