namespace Sluice.Data.Quality.Checks;

/// <summary>The data set and key columns a reference check looks values up in.</summary>
/// <param name="Dataset">The referenced data set's name.</param>
/// <param name="Columns">Its key columns, matched by position with the check's columns.</param>
public sealed record ReferenceTarget(string Dataset, IReadOnlyList<string> Columns);
