using System.Text.RegularExpressions;
using Sluice.State;
using Sluice.Testing.Files;
using Sluice.Testing.Mocks;
using Sluice.Testing.Running;
using Sluice.Tests.Testing;

namespace Sluice.Testing.Tests.Docs;

/// <summary>
/// docs/testing.md is true: its pipeline and its <c>```yaml test</c> file load and every test in it passes, and its C#
/// example (the region below, which the docs check compares with the page) runs.
/// </summary>
public sealed partial class TestingPageTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task YamlTestFile_OfThePage_Passes()
    {
        var (pipeline, tests) = Blocks();
        await File.WriteAllTextAsync(_dir.File("orders_eur.yaml"), pipeline);
        await File.WriteAllTextAsync(_dir.File("orders_eur.test.yaml"), tests);

        var (suite, errors) = TestFileLoader.Load(_dir.File("orders_eur.test.yaml"));

        suite.ShouldNotBeNull(string.Join("\n", errors));
        suite.Cases.Count.ShouldBe(2);
        foreach (var testCase in suite.Cases)
        {
            var result = await TestRunner.RunAsync(suite, testCase);
            result.Passed.ShouldBeTrue($"{testCase.Name}:\n{string.Join("\n", result.Failures)}");
        }
    }

    [Fact]
    public async Task CSharpExample_OfThePage_Runs()
    {
        var (pipeline, _) = Blocks();
        var pipelineFile = _dir.File("orders_eur.yaml");
        await File.WriteAllTextAsync(pipelineFile, pipeline);

        // docs:begin Testing
        using var result = await PipelineTest.Load(pipelineFile) // or PipelineTest.For(definition) for a pipeline built in C#
            .WithFile("data/orders.csv", "id,amount\n1,10\n2,4\n")
            .MockAction("publish", new Dictionary<string, object?> { ["exit_code"] = 0, ["stdout"] = "published" })
            .MockHttp(new HttpMock("https://rates.example.com/latest", Body: """{"usd": 0.5}"""))
            .At(new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero))
            .WithLogicalDate(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero))
            .RunAsync();
        // result.State, result.Tasks, result.Error, result.Output("rates", "status")
        var rows = await result.ReadRowsAsync("convert", "transformed_data"); // column → long, decimal, double, bool, string or null
        // docs:end

        result.State.ShouldBe(RunState.Succeeded, result.Error);
        rows.Select(static r => Convert.ToDouble(r["eur"], System.Globalization.CultureInfo.InvariantCulture)).ShouldBe([5.0, 2.0]);
    }

    private static (string Pipeline, string Tests) Blocks()
    {
        var text = File.ReadAllText(Path.Combine(Root(), "docs", "testing.md"));
        var blocks = Fence().Matches(text).Select(static m => (Info: m.Groups["info"].Value.Trim(), Body: m.Groups["body"].Value)).ToList();
        return (blocks.First(static b => b.Info == "yaml").Body, blocks.Single(static b => b.Info == "yaml test").Body);
    }

    private static string Root()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Sluice.slnx")))
        {
            dir = Path.GetDirectoryName(dir)!;
        }
        return dir;
    }

    [GeneratedRegex(@"^```(?<info>[^\n]*)\n(?<body>.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();

    public void Dispose() => _dir.Dispose();
}
