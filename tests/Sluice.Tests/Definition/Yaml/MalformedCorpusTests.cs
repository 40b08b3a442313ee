using System.Globalization;
using System.Text.RegularExpressions;
using Sluice.Definition.Yaml;

namespace Sluice.Tests.Definition.Yaml;

/// <summary>
/// Every file in Definition/Malformed starts with <c># expect: SLU0xx line:col</c> (or just a line for
/// diagnostics whose column the expression parser decides); loading it must fail with that diagnostic.
/// </summary>
public partial class MalformedCorpusTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(CorpusDirectory(), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    [Fact]
    public void Corpus_HasAtLeastThirtyFiles() => Directory.GetFiles(CorpusDirectory(), "*.yaml").Length.ShouldBeGreaterThanOrEqualTo(30);

    [Theory]
    [MemberData(nameof(Files))]
    public void Load_MalformedFile_ReportsTheExpectedDiagnostic(string name)
    {
        var text = File.ReadAllText(Path.Combine(CorpusDirectory(), name));
        var expect = ExpectPattern().Match(text);
        expect.Success.ShouldBeTrue($"{name} must start with '# expect: SLU0xx line:col'");
        var code = expect.Groups["code"].Value;
        var line = int.Parse(expect.Groups["line"].Value, CultureInfo.InvariantCulture);
        int? column = expect.Groups["col"].Success ? int.Parse(expect.Groups["col"].Value, CultureInfo.InvariantCulture) : null;

        var result = PipelineLoader.Load(text, name, TestActions.Registry());

        var all = TestActions.Describe(result.Diagnostics);
        result.Definition.ShouldBeNull(all);
        result.Success.ShouldBeFalse();
        result.Diagnostics.ShouldContain(d => d.Code == code && d.Location.File == name && d.Location.Line == line && (column == null || d.Location.Column == column),
            $"expected {code} at {line}:{column}; got:\n{all}");
    }

    internal static string CorpusDirectory() => TestDirectory("Malformed");

    /// <summary>Definition/<paramref name="name"/> next to the test binaries when copied there, else in the source tree.</summary>
    internal static string TestDirectory(string name)
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "Definition", name);
        if (Directory.Exists(copied))
        {
            return copied;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var source = Path.Combine(dir.FullName, "Definition", name);
            if (File.Exists(Path.Combine(dir.FullName, "Sluice.Tests.csproj")) && Directory.Exists(source))
            {
                return source;
            }
        }
        throw new DirectoryNotFoundException($"Definition/{name} not found next to the test binaries or in the source tree");
    }

    [GeneratedRegex(@"^# expect: (?<code>SLU\d{3}) (?<line>\d+)(:(?<col>\d+))?", RegexOptions.CultureInvariant)]
    private static partial Regex ExpectPattern();
}
