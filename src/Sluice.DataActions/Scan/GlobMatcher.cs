using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.DataActions.Scan;

/// <summary>Expands paths, folders and globs (<c>*</c>, <c>?</c>, <c>**</c> for any depth) into files, sorted ordinally.</summary>
internal static class GlobMatcher
{
    public static IReadOnlyList<string> Expand(string pattern, IReadOnlyList<string> filePatterns, bool recursive)
    {
        var full = Path.GetFullPath(pattern);
        if (File.Exists(full))
        {
            return [full];
        }

        if (Directory.Exists(full))
        {
            var option = recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
            return [.. filePatterns.SelectMany(p => Directory.EnumerateFiles(full, p, option)).Distinct().Order(StringComparer.Ordinal)];
        }

        var wild = full.IndexOfAny(['*', '?']);
        if (wild < 0)
        {
            return [];
        }

        var root = Path.GetDirectoryName(full[..wild]) ?? "/";
        if (!Directory.Exists(root))
        {
            return [];
        }

        var regex = new Regex("^" + ToRegex(full) + "$", RegexOptions.CultureInvariant);
        var deep = full.Contains("**", StringComparison.Ordinal) || full[(wild + 1)..].Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return [.. Directory.EnumerateFiles(root, "*", deep ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly).Where(f => regex.IsMatch(f)).Order(StringComparer.Ordinal)];
    }

    private static string ToRegex(string glob)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                sb.Append(".*");
                i++;
                if (i + 1 < glob.Length && glob[i + 1] == '/')
                {
                    i++;
                }
            }
            else if (c == '*')
            {
                sb.Append("[^/]*");
            }
            else if (c == '?')
            {
                sb.Append("[^/]");
            }
            else
            {
                sb.Append(Regex.Escape(c.ToString()));
            }
        }

        return sb.ToString();
    }
}
