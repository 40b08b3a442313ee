namespace Sluice.Data.Quality.Checks;

/// <summary>What the parser may check names against.</summary>
public sealed record CheckParserOptions
{
    /// <summary>The data set's columns; when set, unknown columns are errors (with a "did you mean"). Matching is ordinal.</summary>
    public IReadOnlyCollection<string>? Columns { get; init; }

    /// <summary>
    /// Other data sets by name with their columns, for reference checks; when set, unknown data sets are errors (QC009,
    /// with a "did you mean"), and so are unknown columns of a data set whose columns are given (null: not known).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyCollection<string>?>? Datasets { get; init; }
}
