namespace Sluice.Shared;

/// <summary>
/// "Did you mean" for every error that names something unknown (keys, actions, functions, columns, metrics):
/// one rule everywhere. A candidate is close when its optimal string alignment distance (Damerau–Levenshtein
/// with adjacent transpositions, ignoring case) is at most 1 for names of up to 4 characters, else max(2, length / 3), or when one name is a prefix of
/// the other (3 characters or more). The closest wins; ties go to the ordinally smaller name.
/// </summary>
/// <remarks>Shared source, compiled into Sluice and Sluice.Data: neither project references the other.</remarks>
internal static class NameSuggestions
{
    /// <summary>The candidate <paramref name="input"/> most likely meant, or null when none is close.</summary>
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(candidates);
        var limit = input.Length <= 4 ? 1 : Math.Max(2, input.Length / 3);
        var lowered = input.ToLowerInvariant();
        string? best = null;
        var bestScore = int.MaxValue;
        foreach (var c in candidates)
        {
            if (string.Equals(c, input, StringComparison.Ordinal))
            {
                continue;
            }
            var d = Distance(lowered, c.ToLowerInvariant());
            var prefix = input.Length >= 3 && (c.StartsWith(input, StringComparison.OrdinalIgnoreCase) || input.StartsWith(c, StringComparison.OrdinalIgnoreCase));
            if (d > limit && !prefix)
            {
                continue;
            }
            var score = prefix ? Math.Min(d, limit) : d;
            if (score < bestScore || (score == bestScore && string.CompareOrdinal(c, best) < 0))
            {
                (best, bestScore) = (c, score);
            }
        }
        return best;
    }

    /// <summary><c>did you mean 'x'?</c> when a candidate is close, else null.</summary>
    public static string? DidYouMean(string input, IEnumerable<string> candidates) =>
        Closest(input, candidates) is { } best ? $"did you mean '{best}'?" : null;

    /// <summary>Optimal string alignment distance between <paramref name="a"/> and <paramref name="b"/> (case-sensitive).</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        // Three rolling rows: the transposition step looks two rows back.
        var twoBack = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    v = Math.Min(v, twoBack[j - 2] + 1);
                }
                current[j] = v;
            }
            (twoBack, previous, current) = (previous, current, twoBack);
        }
        return previous[b.Length];
    }
}
