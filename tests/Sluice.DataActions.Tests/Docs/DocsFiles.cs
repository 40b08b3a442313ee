using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.DataActions.Tests.Docs;

/// <summary>A fenced code block of a Markdown file: <c>docs/x.md#3</c> is the third YAML block of the file, <c>docs/x.md#csharp1</c> the first C# block.</summary>
internal sealed record DocBlock(string Name, string Info, string Text);

/// <summary>Reads the repository's Markdown docs and the marked code regions of the docs tests.</summary>
internal static partial class DocsFiles
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);
    private static readonly Lazy<IReadOnlyList<DocBlock>> LazyBlocks = new(ReadBlocks);

    /// <summary>The repository root: the nearest folder up from the test binaries holding Sluice.slnx.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>docs/**/*.md and README.md, as paths relative to the root with '/' separators.</summary>
    public static IEnumerable<string> MarkdownFiles() =>
        Directory.GetFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories)
            .Select(static f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Append("README.md");

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath)).Replace("\r\n", "\n", StringComparison.Ordinal);

    public static IReadOnlyList<DocBlock> Blocks() => LazyBlocks.Value;

    /// <summary>Trimmed non-empty lines, for comparing code regardless of indentation.</summary>
    public static string Normalize(string code) =>
        string.Join("\n", code.Split('\n').Select(static l => l.Trim()).Where(static l => l.Length > 0));

    /// <summary>The text outside fenced code blocks and inline code spans.</summary>
    public static string WithoutCode(string markdown)
    {
        var sb = new StringBuilder();
        var inFence = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }
            if (!inFence)
            {
                sb.Append(InlineCode().Replace(line, string.Empty)).Append('\n');
            }
        }
        return sb.ToString();
    }

    /// <summary>GitHub's anchors of the headings of <paramref name="markdown"/>.</summary>
    public static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in WithoutFences(markdown))
        {
            var m = Heading().Match(line);
            if (m.Success)
            {
                var text = m.Groups["text"].Value.Trim().ToLowerInvariant();
                var slug = new string([.. text.Where(static c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_')]).Replace(' ', '-');
                anchors.Add(slug);
            }
        }
        return anchors;
    }

    /// <summary>
    /// The regions of the .cs files in <paramref name="folder"/> between <c>// docs:begin NAME</c> and <c>// docs:end</c>;
    /// regions with the same name in one file are joined in order.
    /// </summary>
    public static Dictionary<string, string> CodeRegions(string folder)
    {
        var regions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(folder, "*.cs").Order(StringComparer.Ordinal))
        {
            string? name = null;
            foreach (var line in File.ReadAllLines(file))
            {
                var trimmed = line.Trim();
                if (trimmed.StartsWith("// docs:begin ", StringComparison.Ordinal))
                {
                    name = $"{Path.GetFileName(file)}:{trimmed["// docs:begin ".Length..]}";
                    regions.TryAdd(name, string.Empty);
                }
                else if (trimmed == "// docs:end")
                {
                    name = null;
                }
                else if (name is not null)
                {
                    regions[name] += line + "\n";
                }
            }
        }
        return regions;
    }

    private static IEnumerable<string> WithoutFences(string markdown)
    {
        var inFence = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }
            else if (!inFence)
            {
                yield return line;
            }
        }
    }

    private static List<DocBlock> ReadBlocks()
    {
        var blocks = new List<DocBlock>();
        foreach (var file in MarkdownFiles())
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            var lines = Read(file).Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (!lines[i].StartsWith("```", StringComparison.Ordinal))
                {
                    continue;
                }
                var info = lines[i][3..].Trim();
                var body = new List<string>();
                for (i++; i < lines.Length && !lines[i].StartsWith("```", StringComparison.Ordinal); i++)
                {
                    body.Add(lines[i]);
                }
                var language = info.Length == 0 ? "text" : info.Split(' ')[0];
                var n = counts[language] = counts.GetValueOrDefault(language) + 1;
                blocks.Add(new DocBlock(language == "yaml" ? $"{file}#{n}" : $"{file}#{language}{n}", info, string.Join("\n", body) + "\n"));
            }
        }
        return blocks;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sluice.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("Sluice.slnx not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Heading();

    [GeneratedRegex("`[^`]*`", RegexOptions.CultureInvariant)]
    private static partial Regex InlineCode();
}
