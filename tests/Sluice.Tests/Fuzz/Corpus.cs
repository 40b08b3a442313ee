using System.Text.RegularExpressions;

namespace Sluice.Tests.Fuzz;

/// <summary>The seed corpora of the fuzz suites: real files of the repository (examples/ and docs/), read once.</summary>
/// <remarks>Linked into Sluice.Data.Tests as well; it depends only on the BCL.</remarks>
internal static partial class Corpus
{
    /// <summary>The repository root (the folder holding Sluice.slnx).</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>Every pipeline YAML of examples/ and every <c>```yaml</c> block of docs/ and the README.</summary>
    public static IReadOnlyList<string> Yaml { get; } = LoadYaml();

    /// <summary>Every CSV file under examples/ (the first 4 KB of each).</summary>
    public static IReadOnlyList<string> Csv { get; } =
        [.. Files("examples", "*.csv").Select(static f => Head(f, 4096))];

    /// <summary>The text between <c>{{</c> and <c>}}</c> in every YAML seed, plus every expression in docs/expressions.md.</summary>
    public static IReadOnlyList<string> Expressions { get; } = LoadExpressions();

    private static IEnumerable<string> Files(string folder, string pattern) =>
        Directory.EnumerateFiles(Path.Combine(RepoRoot, folder), pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    private static string Head(string file, int chars)
    {
        var text = File.ReadAllText(file);
        return text.Length <= chars ? text : text[..chars];
    }

    private static List<string> LoadYaml()
    {
        var seeds = new List<string>();
        seeds.AddRange(Files("examples", "*.yaml").Select(File.ReadAllText));
        foreach (var md in Files("docs", "*.md").Append(Path.Combine(RepoRoot, "README.md")))
        {
            seeds.AddRange(YamlBlock().Matches(File.ReadAllText(md)).Select(static m => m.Groups[1].Value));
        }
        if (seeds.Count < 10)
        {
            throw new InvalidOperationException($"the YAML corpus is too small ({seeds.Count} documents): examples/ or docs/ moved?");
        }
        return seeds;
    }

    private static List<string> LoadExpressions()
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in Yaml.Append(File.ReadAllText(Path.Combine(RepoRoot, "docs", "expressions.md"))))
        {
            foreach (Match m in TemplatePart().Matches(text))
            {
                found.Add(m.Groups[1].Value.Trim());
            }
        }
        return [.. found.Order(StringComparer.Ordinal)];
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sluice.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    [GeneratedRegex(@"```ya?ml[^\n]*\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    [GeneratedRegex(@"\{\{(.*?)\}\}", RegexOptions.Singleline)]
    private static partial Regex TemplatePart();
}
