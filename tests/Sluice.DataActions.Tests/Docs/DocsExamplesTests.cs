using System.Reflection;
using System.Text.RegularExpressions;
using Sluice.Definition.Validation;
using Sluice.Definition.Yaml;

namespace Sluice.DataActions.Tests.Docs;

/// <summary>
/// Keeps the user docs true to the code: every <c>```yaml</c> block in docs/**/*.md and README.md is a complete
/// pipeline that loads with the built-in actions (a <c>```yaml invalid</c> block reports exactly the code named on
/// its first line, <c># expect: SLU0xx</c>); every diagnostic code and every built-in action parameter is
/// documented; C# blocks are the code compiled in this folder; relative links point at existing headings.
/// </summary>
public partial class DocsExamplesTests
{
    public static TheoryData<string> YamlBlocks()
    {
        var data = new TheoryData<string>();
        foreach (var block in DocsFiles.Blocks().Where(static b => b.Info.StartsWith("yaml", StringComparison.Ordinal)))
        {
            data.Add(block.Name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(YamlBlocks))]
    public void YamlBlock_LoadsWithBuiltInActions(string name)
    {
        var block = DocsFiles.Blocks().Single(b => b.Name == name);
        if (block.Info == "yaml test")
        {
            // A test file (docs/testing.md), not a pipeline: tests/Sluice.Testing.Tests/Docs/TestingPageTests runs it.
            block.Text.ShouldContain("tests:");
            return;
        }
        if (block.Info == "yaml kubernetes")
        {
            KubernetesManifests(name, block.Text);
            return;
        }

        var result = PipelineLoader.Load(block.Text, name, AllActions.CreateRegistry());

        var all = string.Join("\n", result.Diagnostics);
        switch (block.Info)
        {
            case "yaml":
                result.Success.ShouldBeTrue($"{name} must load without errors (use ```yaml invalid for a broken example):\n{all}");
                result.Diagnostics.ShouldNotContain(d => d.Code == DiagnosticCodes.TemplateInCode, $"{name} must not splice a template into code unquoted (SLU047): the docs show the safe way:\n{all}");
                break;
            case "yaml invalid":
                var expect = ExpectPattern().Match(block.Text);
                expect.Success.ShouldBeTrue($"{name}: the first line of a 'yaml invalid' block must be '# expect: SLU0xx'");
                var code = expect.Groups["code"].Value;
                result.Diagnostics.ShouldContain(d => d.Code == code, $"{name} should report {code}; got:\n{all}");
                result.Errors.ShouldAllBe(d => d.Code == code, $"{name} should show one problem ({code}); got:\n{all}");
                break;
            default:
                throw new ShouldAssertException($"{name}: unknown info string '```{block.Info}'; use 'yaml', 'yaml invalid' or 'yaml kubernetes' (or 'text' for fragments)");
        }
    }

    /// <summary>A <c>```yaml kubernetes</c> block: YAML documents, each a Kubernetes object with apiVersion, kind and metadata.name.</summary>
    private static void KubernetesManifests(string name, string text)
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        stream.Load(new StringReader(text));
        stream.Documents.Count.ShouldBeGreaterThan(0, name);
        foreach (var document in stream.Documents)
        {
            var root = document.RootNode.ShouldBeOfType<YamlDotNet.RepresentationModel.YamlMappingNode>(name);
            string? Scalar(YamlDotNet.RepresentationModel.YamlMappingNode map, string key) =>
                map.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode(key), out var v) ? (v as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value : null;
            Scalar(root, "apiVersion").ShouldNotBeNullOrEmpty($"{name}: every document needs apiVersion");
            Scalar(root, "kind").ShouldNotBeNullOrEmpty($"{name}: every document needs kind");
            var metadata = root.Children[new YamlDotNet.RepresentationModel.YamlScalarNode("metadata")].ShouldBeOfType<YamlDotNet.RepresentationModel.YamlMappingNode>(name);
            Scalar(metadata, "name").ShouldNotBeNullOrEmpty($"{name}: every document needs metadata.name");
        }
    }

    [Fact]
    public void Examples_DoNotSpliceTemplatesIntoCode()
    {
        var files = Directory.GetFiles(Path.Combine(DocsFiles.Root, "examples"), "*.yaml", SearchOption.AllDirectories);
        files.ShouldNotBeEmpty();

        var warnings = files
            .SelectMany(f => PipelineLoader.Load(File.ReadAllText(f), Path.GetRelativePath(DocsFiles.Root, f), AllActions.CreateRegistry()).Diagnostics)
            .Where(static d => d.Code == DiagnosticCodes.TemplateInCode)
            .ToList();

        warnings.ShouldBeEmpty(string.Join("\n", warnings));
    }

    [Fact]
    public void Docs_HaveTheExpectedPagesAndExamples()
    {
        string[] pages = ["README.md", "yaml-reference.md", "expressions.md", "execution.md", "cli.md", "actions.md", "data.md", "errors.md", "quality-metrics.md"];
        foreach (var page in pages)
        {
            File.Exists(Path.Combine(DocsFiles.Root, "docs", page)).ShouldBeTrue($"docs/{page} is missing");
        }
        DocsFiles.Blocks().Count(static b => b.Info == "yaml").ShouldBeGreaterThanOrEqualTo(20);
        DocsFiles.Blocks().Count(static b => b.Info == "yaml invalid").ShouldBeGreaterThanOrEqualTo(20);
    }

    [Fact]
    public void ErrorsPage_DocumentsEveryDiagnosticCode()
    {
        var codes = typeof(DiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(static f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(static f => (string)f.GetRawConstantValue()!)
            .Append("SLU300")
            .ToList();
        codes.Count.ShouldBeGreaterThan(30);
        var headings = DocsFiles.Read("docs/errors.md").Split('\n').Where(static l => l.StartsWith("### ", StringComparison.Ordinal)).ToList();

        var undocumented = codes.Where(c => !headings.Exists(h => h.StartsWith($"### {c} ", StringComparison.Ordinal))).ToList();

        undocumented.ShouldBeEmpty("docs/errors.md needs a '### CODE name' heading for each of these codes");
    }

    [Fact]
    public void ActionsPage_DocumentsEveryBuiltInActionParameterAndOutput()
    {
        var page = DocsFiles.Read("docs/actions.md");
        var missing = new List<string>();
        foreach (var action in AllActions.CreateRegistry().All.Select(static a => a.Descriptor))
        {
            if (!page.Contains($"### `{action.Name}`", StringComparison.Ordinal))
            {
                missing.Add($"heading ### `{action.Name}`");
            }
            missing.AddRange(action.Parameters.Select(static p => p.Name).Concat(action.Outputs.Select(static o => o.Name))
                .Where(n => !page.Contains($"| `{n}` |", StringComparison.Ordinal))
                .Select(n => $"{action.Name}: table row for `{n}`"));
        }

        missing.ShouldBeEmpty();
    }

    [Fact]
    public void CSharpBlocks_AreTheCodeCompiledInTheDocsTests()
    {
        // The testing package's example runs in its own test project, which references it.
        var regions = DocsFiles.CodeRegions(Path.Combine(DocsFiles.Root, "tests", "Sluice.DataActions.Tests", "Docs"))
            .Concat(DocsFiles.CodeRegions(Path.Combine(DocsFiles.Root, "tests", "Sluice.Testing.Tests", "Docs")))
            .ToDictionary(static r => r.Key, static r => r.Value);
        var blocks = DocsFiles.Blocks().Where(static b => b.Info == "csharp").ToList();
        blocks.Count.ShouldBeGreaterThanOrEqualTo(3);

        var stale = blocks.Where(b => !regions.Values.Any(r => DocsFiles.Normalize(r) == DocsFiles.Normalize(b.Text))).Select(static b => b.Name).ToList();

        stale.ShouldBeEmpty("each ```csharp block must equal a '// docs:begin NAME' region of tests/Sluice.DataActions.Tests/Docs or tests/Sluice.Testing.Tests/Docs (ignoring indentation and blank lines)");
    }

    [Fact]
    public void RelativeLinks_PointAtExistingFilesAndHeadings()
    {
        var broken = new List<string>();
        foreach (var file in DocsFiles.MarkdownFiles())
        {
            var text = DocsFiles.Read(file);
            foreach (Match link in LinkPattern().Matches(DocsFiles.WithoutCode(text)))
            {
                var target = link.Groups["path"].Value;
                var anchor = link.Groups["anchor"].Success ? link.Groups["anchor"].Value : null;
                var path = target.Length == 0 ? file : Path.GetRelativePath(DocsFiles.Root, Path.GetFullPath(Path.Combine(DocsFiles.Root, Path.GetDirectoryName(file)!, target)));
                var full = Path.Combine(DocsFiles.Root, path);
                if (!File.Exists(full) && !Directory.Exists(full))
                {
                    broken.Add($"{file}: {link.Value} (no file {path})");
                }
                else if (anchor is not null && path.EndsWith(".md", StringComparison.Ordinal) && !DocsFiles.Anchors(DocsFiles.Read(path)).Contains(anchor))
                {
                    broken.Add($"{file}: {link.Value} (no heading #{anchor} in {path})");
                }
            }
        }

        broken.ShouldBeEmpty();
    }

    [GeneratedRegex(@"\A#\s*expect:\s*(?<code>SLU\d{3})\b", RegexOptions.CultureInvariant)]
    private static partial Regex ExpectPattern();

    [GeneratedRegex(@"\]\((?!https?:|mailto:)(?<path>[^)#\s]*)(#(?<anchor>[^)\s]+))?\)", RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();
}
