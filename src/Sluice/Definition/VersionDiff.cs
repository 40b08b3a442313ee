using System.Globalization;
using System.Text;

namespace Sluice.Definition;

/// <summary>
/// A unified diff (as <c>diff -u</c> prints it) of two versions of a pipeline's text, for <c>sluice versions --diff</c>,
/// the API and the version page.
/// </summary>
public static class VersionDiff
{
    /// <summary>Above this many line pairs the changed middle is shown replaced as a whole instead of aligned line by line.</summary>
    private const long MaxAlignedCells = 4_000_000;

    /// <summary>The diff of <paramref name="before"/> to <paramref name="after"/>; empty when the texts are the same.</summary>
    /// <param name="before">The older text.</param>
    /// <param name="after">The newer text.</param>
    /// <param name="beforeName">The name on the <c>---</c> line.</param>
    /// <param name="afterName">The name on the <c>+++</c> line.</param>
    /// <param name="context">Unchanged lines shown around each change. The default is 3.</param>
    public static string Unified(string before, string after, string beforeName, string afterName, int context = 3)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var a = Lines(before);
        var b = Lines(after);
        var edits = Align(a, b);
        if (edits.TrueForAll(static e => e.Kind == ' '))
        {
            return "";
        }
        var text = new StringBuilder();
        text.Append("--- ").Append(beforeName).Append('\n').Append("+++ ").Append(afterName).Append('\n');
        var changed = edits.Select(static (e, i) => (e, i)).Where(static x => x.e.Kind != ' ').Select(static x => x.i).ToList();
        var k = 0;
        while (k < changed.Count)
        {
            // A hunk runs from the context before its first change to the context after its last change, merging
            // changes whose contexts touch.
            var first = changed[k];
            var last = first;
            while (k + 1 < changed.Count && changed[k + 1] - last <= 2 * context + 1)
            {
                last = changed[++k];
            }
            k++;
            var start = Math.Max(0, first - context);
            var end = Math.Min(edits.Count - 1, last + context);
            var (aStart, bStart) = (edits[start].A, edits[start].B);
            var aCount = edits.Skip(start).Take(end - start + 1).Count(static e => e.Kind != '+');
            var bCount = edits.Skip(start).Take(end - start + 1).Count(static e => e.Kind != '-');
            text.Append(CultureInfo.InvariantCulture, $"@@ -{Range(aStart, aCount)} +{Range(bStart, bCount)} @@\n");
            for (var i = start; i <= end; i++)
            {
                var e = edits[i];
                text.Append(e.Kind).Append(e.Kind == '+' ? b[e.B] : a[e.A]).Append('\n');
            }
        }
        return text.ToString();
    }

    /// <summary>diff's range: the first line (1-based) and the count, or the line before an empty range.</summary>
    private static string Range(int start, int count) => count switch
    {
        0 => string.Create(CultureInfo.InvariantCulture, $"{start},0"),
        1 => (start + 1).ToString(CultureInfo.InvariantCulture),
        _ => string.Create(CultureInfo.InvariantCulture, $"{start + 1},{count}"),
    };

    private static string[] Lines(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }

    /// <summary>One line of the alignment: kept (' '), removed ('-') or added ('+'), with its index in each text (the next line's where absent).</summary>
    private readonly record struct Edit(char Kind, int A, int B);

    /// <summary>The longest common subsequence of lines, after trimming the common head and tail.</summary>
    private static List<Edit> Align(string[] a, string[] b)
    {
        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head])
        {
            head++;
        }
        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[a.Length - 1 - tail] == b[b.Length - 1 - tail])
        {
            tail++;
        }
        var (n, m) = (a.Length - head - tail, b.Length - head - tail);
        var edits = new List<Edit>(a.Length + b.Length);
        for (var i = 0; i < head; i++)
        {
            edits.Add(new Edit(' ', i, i));
        }
        if ((long)n * m > MaxAlignedCells)
        {
            for (var i = 0; i < n; i++)
            {
                edits.Add(new Edit('-', head + i, head));
            }
            for (var j = 0; j < m; j++)
            {
                edits.Add(new Edit('+', head + n, head + j));
            }
        }
        else
        {
            // lcs[i * w + j]: the longest common subsequence of the middles from a's line i and b's line j on.
            var w = m + 1;
            var lcs = new int[(n + 1) * w];
            for (var i = n - 1; i >= 0; i--)
            {
                for (var j = m - 1; j >= 0; j--)
                {
                    lcs[i * w + j] = a[head + i] == b[head + j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.Max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
                }
            }
            var (x, y) = (0, 0);
            while (x < n || y < m)
            {
                if (x < n && y < m && a[head + x] == b[head + y])
                {
                    edits.Add(new Edit(' ', head + x++, head + y++));
                }
                else if (y >= m || (x < n && lcs[(x + 1) * w + y] >= lcs[x * w + y + 1]))
                {
                    edits.Add(new Edit('-', head + x++, head + y));
                }
                else
                {
                    edits.Add(new Edit('+', head + x, head + y++));
                }
            }
        }
        for (var i = 0; i < tail; i++)
        {
            edits.Add(new Edit(' ', a.Length - tail + i, b.Length - tail + i));
        }
        return edits;
    }
}
