namespace Sluice.Definition.Validation;

/// <summary>Finds the name a user most likely meant, for "did you mean" hints.</summary>
internal static class NameSuggester
{
    /// <summary>The candidate closest to <paramref name="input"/> (optimal string alignment distance ≤ 2, or a prefix match), or null.</summary>
    public static string? Suggest(string input, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            if (string.Equals(c, input, StringComparison.Ordinal))
            {
                continue;
            }
            var d = Distance(input.ToLowerInvariant(), c.ToLowerInvariant());
            var prefix = input.Length >= 3 && (c.StartsWith(input, StringComparison.OrdinalIgnoreCase) || input.StartsWith(c, StringComparison.OrdinalIgnoreCase));
            if (d > 2 && !prefix)
            {
                continue;
            }
            var score = prefix ? Math.Min(d, 2) : d;
            if (score < bestDistance || (score == bestDistance && string.CompareOrdinal(c, best) < 0))
            {
                best = c;
                bestDistance = score;
            }
        }
        return best;
    }

    /// <summary>"did you mean 'x'?" when a close candidate exists, else "valid {noun}: a, b, c".</summary>
    public static string Hint(string input, IReadOnlyCollection<string> candidates, string noun)
    {
        var s = Suggest(input, candidates);
        if (s is not null)
        {
            return $"did you mean '{s}'?";
        }
        if (candidates.Count == 0)
        {
            return $"there are no {noun}";
        }
        return $"valid {noun}: {string.Join(", ", candidates.Order(StringComparer.Ordinal))}";
    }

    /// <summary>Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions).</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    v = Math.Min(v, d[i - 2, j - 2] + 1);
                }
                d[i, j] = v;
            }
        }
        return d[a.Length, b.Length];
    }
}
