namespace Sluice.Data.Quality.Checks;

/// <summary>What the parser may check names against.</summary>
public sealed record CheckParserOptions
{
    /// <summary>The data set's columns; when set, unknown columns are errors (with a "did you mean"). Matching is ordinal.</summary>
    public IReadOnlyCollection<string>? Columns { get; init; }

    /// <summary>Other data sets' columns, for reference checks; when set, unknown data sets and their unknown columns are errors.</summary>
    public IReadOnlyDictionary<string, IReadOnlyCollection<string>>? Datasets { get; init; }
}
