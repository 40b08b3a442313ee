namespace Sluice.Definition.Validation;

/// <summary>Finds the name a user most likely meant, for "did you mean" hints.</summary>
internal static class NameSuggester
{
    /// <summary>The candidate closest to <paramref name="input"/> (see <see cref="Shared.NameSuggestions"/>), or null.</summary>
    public static string? Suggest(string input, IEnumerable<string> candidates) => Shared.NameSuggestions.Closest(input, candidates);

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
}
