using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary><c>sluice report RUN --html</c> writes one file that needs nothing else.</summary>
public sealed partial class ReportCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task ReportHtml_IsOneSelfContainedFile_WithDagTimelineAndTaskRows()
    {
        (await SluiceCli.RunAsync(_dir.Path, "init", "proj")).ExitCode.ShouldBe(0);
        var proj = _dir.File("proj");
        (await SluiceCli.RunAsync(proj, "run", "pipeline.yaml")).ExitCode.ShouldBe(0);
        var id = JsonDocument.Parse((await SluiceCli.RunAsync(proj, "runs", "--json")).Stdout).RootElement[0].GetProperty("run_id").GetString()!;

        var report = await SluiceCli.RunAsync(proj, "report", id, "--html", "-o", "reports/run.html");

        report.ExitCode.ShouldBe(0, report.ToString());
        var html = await File.ReadAllTextAsync(Path.Combine(proj, "reports", "run.html"));
        html.ShouldContain("<svg class=\"dag\"");
        html.ShouldContain("<svg class=\"gantt\"");
        html.ShouldContain("<tr id=\"task-summarize\">");
        ExternalReference().Matches(html).Select(static m => m.Value).ShouldBeEmpty();
        (await SluiceCli.RunAsync(proj, "report", id)).ExitCode.ShouldBe(2);
        (await SluiceCli.RunAsync(proj, "report", "no-such-run", "--html")).ExitCode.ShouldBe(1);
    }

    // Anything the browser would fetch: src/href to a URL, CSS url(), @import.
    [GeneratedRegex(@"(src|href)\s*=\s*""(https?:)?//|url\(\s*['""]?(https?:)?//|@import", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    public void Dispose() => _dir.Dispose();
}
