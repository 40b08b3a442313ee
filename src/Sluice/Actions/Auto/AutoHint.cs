using System.Text;

namespace Sluice.Actions.Auto;

/// <summary>
/// The heuristic every action shares for <c>&lt;AUTO&gt;</c> without a model: when the hint names exactly one of the
/// parameter's allowed values as a whole word (<c>use the iqr method</c> → <c>iqr</c>; <c>isolation forest</c> matches
/// <c>isolation_forest</c>), that value is taken. A hint naming several (<c>strict or permissive</c>) or none leaves the
/// choice to the action.
/// </summary>
public static class AutoHint
{
    /// <summary>The one allowed value the hint names, or null.</summary>
    public static object? NamedValue(string hint, IReadOnlyList<object?>? allowedValues)
    {
        ArgumentNullException.ThrowIfNull(hint);
        if (allowedValues is not { Count: > 0 })
        {
            return null;
        }
        var words = " " + Normalize(hint) + " ";
        object? found = null;
        foreach (var value in allowedValues)
        {
            // "auto" is the action's own heuristic under another name; a hint saying "auto-detect" names nothing.
            if (value is not string s || Normalize(s) is not { Length: > 0 } name || name == "auto")
            {
                continue;
            }
            if (words.Contains(" " + name + " ", StringComparison.Ordinal))
            {
                if (found is not null)
                {
                    return null;
                }
                found = s;
            }
        }
        return found;
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
