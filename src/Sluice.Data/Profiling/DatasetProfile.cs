namespace Sluice.Data.Profiling;

/// <summary>The profile of a data set: its row count and one profile per column, in schema order.</summary>
/// <param name="Rows">Rows read.</param>
/// <param name="Columns">The column profiles.</param>
public sealed record DatasetProfile(long Rows, IReadOnlyList<ColumnProfile> Columns);
