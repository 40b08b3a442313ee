using System.Text;

namespace Sluice.Actions.Auto;

/// <summary>
/// The heuristic every action shares for <c>&lt;AUTO&gt;</c> without a model: when the hint names exactly one of the
/// parameter's allowed values as a whole word (<c>use the iqr method</c> → <c>iqr</c>; <c>isolation forest</c> matches
/// <c>isolation_forest</c>), that value is taken. A value named only after a negation (<c>not</c>, <c>no</c>,
/// <c>never</c>, <c>avoid</c>, <c>without</c>, <c>except</c>, <c>don't</c>, <c>instead of</c>, <c>rather than</c>,
/// <c>other than</c>, up to three words before it) is excluded: <c>zscore, not iqr</c> → <c>zscore</c>, and when the
/// hint names no value positively but excludes all but one, that one is taken (<c>not strict</c> with
/// <c>strict|permissive</c> → <c>permissive</c>). A hint naming several (<c>strict or permissive</c>) or none leaves the
/// choice to the action.
/// </summary>
public static class AutoHint
{
    private const int NegationReach = 3;
    private static readonly HashSet<string> Negations = new(StringComparer.Ordinal) { "not", "no", "never", "avoid", "without", "except", "excluding", "nor", "t" };
    private static readonly HashSet<string> NegatingPairs = new(StringComparer.Ordinal) { "instead of", "rather than", "other than" };

    /// <summary>The one allowed value the hint names, or null.</summary>
    public static object? NamedValue(string hint, IReadOnlyList<object?>? allowedValues)
    {
        ArgumentNullException.ThrowIfNull(hint);
        if (allowedValues is not { Count: > 0 })
        {
            return null;
        }
        var words = Words(hint);
        var candidates = new List<string>();
        var named = new List<string>();
        var excluded = 0;
        foreach (var value in allowedValues)
        {
            // "auto" is the action's own heuristic under another name; a hint saying "auto-detect" names nothing.
            if (value is not string s || Normalize(s) is not { Length: > 0 } name || name == "auto")
            {
                continue;
            }
            candidates.Add(s);
            switch (Mention(words, name.Split(' ')))
            {
                case Mentioned.Positively:
                    named.Add(s);
                    break;
                case Mentioned.OnlyNegated:
                    excluded++;
                    candidates.RemoveAt(candidates.Count - 1);
                    break;
            }
        }
        if (named.Count == 1)
        {
            return named[0];
        }
        return named.Count == 0 && excluded > 0 && candidates.Count == 1 ? candidates[0] : null;
    }

    private enum Mentioned
    {
        No,
        Positively,
        OnlyNegated,
    }

    private static Mentioned Mention(string[] words, string[] name)
    {
        var any = false;
        for (var i = 0; i + name.Length <= words.Length; i++)
        {
            if (!words.AsSpan(i, name.Length).SequenceEqual(name))
            {
                continue;
            }
            any = true;
            if (!Negated(words, i))
            {
                return Mentioned.Positively;
            }
        }
        return any ? Mentioned.OnlyNegated : Mentioned.No;
    }

    private static bool Negated(string[] words, int at)
    {
        // A negation reaches over at most three words of its own clause: "not zscore but iqr" names iqr.
        var from = at;
        while (from > 0 && at - from < NegationReach && words[from - 1] is not (ClauseBreak or "but"))
        {
            from--;
        }
        for (var j = from; j < at; j++)
        {
            if (Negations.Contains(words[j]) || (j + 1 < at && NegatingPairs.Contains(words[j] + " " + words[j + 1])))
            {
                return true;
            }
        }
        return false;
    }

    private const string ClauseBreak = "|";

    /// <summary>The hint's words in lower case, with <see cref="ClauseBreak"/> for , ; . : ! ? and parentheses.</summary>
    private static string[] Words(string hint)
    {
        var words = new List<string>();
        var sb = new StringBuilder();
        void Flush()
        {
            if (sb.Length > 0)
            {
                words.Add(sb.ToString());
                sb.Clear();
            }
        }
        foreach (var c in hint)
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
                continue;
            }
            Flush();
            if (c is ',' or ';' or '.' or ':' or '!' or '?' or '(' or ')')
            {
                words.Add(ClauseBreak);
            }
        }
        Flush();
        return [.. words];
    }

    private static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (space && sb.Length > 0)
                {
                    sb.Append(' ');
                }
                sb.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else
            {
                space = true;
            }
        }
        return sb.ToString();
    }
}
